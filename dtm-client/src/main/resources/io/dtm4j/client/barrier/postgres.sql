-- DTM subtransaction barrier table, PostgreSQL: DTM's layout (sqls/dtmcli.barrier.postgres.sql), for the default
-- table dtm_barrier.barrier; create_time/update_time default to now() so that old rows can be cleaned up by age.
-- Plain SQL, idempotent: spring.sql.init can run it as it is
-- (spring.sql.init.schema-locations=classpath:io/dtm4j/client/barrier/postgres.sql); BarrierSchema runs it for any
-- other table name, with the names replaced.
create schema if not exists dtm_barrier;
create sequence if not exists dtm_barrier.barrier_seq;
create table if not exists dtm_barrier.barrier (
  id bigint not null default nextval('dtm_barrier.barrier_seq'),
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
