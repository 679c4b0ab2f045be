-- DTM subtransaction barrier table, H2 (tests and embedded use).
-- ${schema} and ${table} are replaced by BarrierSchema; every statement is idempotent.
create schema if not exists ${schema};
create table if not exists ${table} (
  id bigint auto_increment primary key,
  trans_type varchar(45) default '',
  gid varchar(128) default '',
  branch_id varchar(128) default '',
  op varchar(45) default '',
  barrier_id varchar(45) default '',
  reason varchar(45) default '',
  create_time timestamp default current_timestamp,
  update_time timestamp default current_timestamp,
  constraint ${name}_uniq_barrier unique(gid, branch_id, op, barrier_id)
);
create index if not exists ${name}_create_time on ${table}(create_time);
