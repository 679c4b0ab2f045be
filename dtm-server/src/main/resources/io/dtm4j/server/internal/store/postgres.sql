-- DTM server tables, PostgreSQL: the layout of DTM's sqls/dtmsvr.storage.postgres.sql (spec §8.1).
-- ${schema} is replaced by the configured schema; every statement is idempotent.
create schema if not exists ${schema};
create sequence if not exists ${schema}.trans_global_seq;
create table if not exists ${schema}.trans_global (
  id bigint not null default nextval('${schema}.trans_global_seq'),
  gid varchar(128) not null,
  trans_type varchar(45) not null,
  status varchar(45) not null,
  query_prepared varchar(1024) not null,
  protocol varchar(45) not null,
  create_time timestamp(0) with time zone default null,
  update_time timestamp(0) with time zone default null,
  finish_time timestamp(0) with time zone default null,
  rollback_time timestamp(0) with time zone default null,
  options varchar(1024) default '',
  custom_data varchar(1024) default '',
  next_cron_interval int default null,
  next_cron_time timestamp(0) with time zone default null,
  owner varchar(128) not null default '',
  ext_data text,
  result varchar(1024) default '',
  rollback_reason varchar(1024) default '',
  primary key (id),
  constraint gid unique (gid)
);
create index if not exists owner on ${schema}.trans_global (owner);
create index if not exists status_next_cron_time on ${schema}.trans_global (status, next_cron_time);
create sequence if not exists ${schema}.trans_branch_op_seq;
create table if not exists ${schema}.trans_branch_op (
  id bigint not null default nextval('${schema}.trans_branch_op_seq'),
  gid varchar(128) not null,
  url varchar(1024) not null,
  data text,
  bin_data bytea,
  branch_id varchar(128) not null,
  op varchar(45) not null,
  status varchar(45) not null,
  finish_time timestamp(0) with time zone default null,
  rollback_time timestamp(0) with time zone default null,
  create_time timestamp(0) with time zone default null,
  update_time timestamp(0) with time zone default null,
  primary key (id),
  constraint gid_branch_uniq unique (gid, branch_id, op)
);
create sequence if not exists ${schema}.kv_seq;
create table if not exists ${schema}.kv (
  id bigint not null default nextval('${schema}.kv_seq'),
  cat varchar(45) not null,
  k varchar(128) not null,
  v text,
  version bigint default 1,
  create_time timestamp(0) with time zone default null,
  update_time timestamp(0) with time zone default null,
  primary key (id),
  constraint uniq_k unique (cat, k)
);
