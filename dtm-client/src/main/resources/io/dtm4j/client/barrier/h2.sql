-- DTM subtransaction barrier table, H2 (tests and embedded use), for the default table dtm_barrier.barrier.
-- Plain SQL, idempotent: spring.sql.init can run it as it is
-- (spring.sql.init.schema-locations=classpath:io/dtm4j/client/barrier/h2.sql); BarrierSchema runs it for any
-- other table name, with the names replaced.
create schema if not exists dtm_barrier;
create table if not exists dtm_barrier.barrier (
  id bigint auto_increment primary key,
  trans_type varchar(45) default '',
  gid varchar(128) default '',
  branch_id varchar(128) default '',
  op varchar(45) default '',
  barrier_id varchar(45) default '',
  reason varchar(45) default '',
  create_time timestamp default current_timestamp,
  update_time timestamp default current_timestamp,
  constraint barrier_uniq_barrier unique(gid, branch_id, op, barrier_id)
);
create index if not exists barrier_create_time on dtm_barrier.barrier(create_time);
