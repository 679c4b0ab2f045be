-- DTM server tables, H2 (the embedded default): the official layout (spec §8.1) in H2's dialect.
-- ${schema} is replaced by the configured schema; every statement is idempotent.
create schema if not exists ${schema};
create table if not exists ${schema}.trans_global (
  id bigint auto_increment primary key,
  gid varchar(128) not null,
  trans_type varchar(45) not null,
  status varchar(12) not null,
  query_prepared varchar(1024) not null,
  protocol varchar(45) not null,
  create_time timestamp default null,
  update_time timestamp default null,
  finish_time timestamp default null,
  rollback_time timestamp default null,
  options varchar(1024) default '',
  custom_data varchar(1024) default '',
  next_cron_interval int default null,
  next_cron_time timestamp default null,
  owner varchar(128) default '' not null,
  ext_data clob,
  result varchar(1024) default '',
  rollback_reason varchar(1024) default '',
  constraint ${schema}_gid unique (gid)
);
create index if not exists ${schema}_owner on ${schema}.trans_global (owner);
create index if not exists ${schema}_status_next_cron_time on ${schema}.trans_global (status, next_cron_time);
create table if not exists ${schema}.trans_branch_op (
  id bigint auto_increment primary key,
  gid varchar(128) not null,
  url varchar(1024) not null,
  data clob,
  bin_data blob,
  branch_id varchar(128) not null,
  op varchar(45) not null,
  status varchar(45) not null,
  finish_time timestamp default null,
  rollback_time timestamp default null,
  create_time timestamp default null,
  update_time timestamp default null,
  constraint ${schema}_gid_branch_uniq unique (gid, branch_id, op)
);
create table if not exists ${schema}.kv (
  id bigint auto_increment primary key,
  cat varchar(45) not null,
  k varchar(128) not null,
  v clob,
  version bigint default 1,
  create_time timestamp default null,
  update_time timestamp default null,
  constraint ${schema}_uniq_k unique (cat, k)
);
