-- DTM subtransaction barrier table, PostgreSQL. Same layout as DTM's sqls/dtmcli.barrier.postgres.sql;
-- create_time/update_time default to now() so that old rows can be cleaned up by age.
-- ${schema} and ${table} are replaced by BarrierSchema; every statement is idempotent.
create schema if not exists ${schema};
create sequence if not exists ${table}_seq;
create table if not exists ${table} (
  id bigint not null default nextval('${table}_seq'),
  trans_type varchar(45) default '',
  gid varchar(128) default '',
  branch_id varchar(128) default '',
  op varchar(45) default '',
  barrier_id varchar(45) default '',
  reason varchar(45) default '',
  create_time timestamp(0) with time zone default now(),
  update_time timestamp(0) with time zone default now(),
  primary key(id),
  constraint uniq_barrier unique(gid, branch_id, op, barrier_id)
);
