-- DTM server tables, MySQL / MariaDB: the layout of DTM's sqls/dtmsvr.storage.mysql.sql (spec §8.1), without
-- its drop statements. ${schema} is replaced by the configured database; every statement is idempotent.
create database if not exists ${schema} /*!40100 DEFAULT CHARACTER SET utf8mb4 */;
create table if not exists ${schema}.trans_global (
  id bigint(22) not null auto_increment,
  gid varchar(128) not null,
  trans_type varchar(45) not null,
  status varchar(12) not null,
  query_prepared varchar(1024) not null,
  protocol varchar(45) not null,
  create_time datetime default null,
  update_time datetime default null,
  finish_time datetime default null,
  rollback_time datetime default null,
  options varchar(1024) default '',
  custom_data varchar(1024) default '',
  next_cron_interval int(11) default null,
  next_cron_time datetime default null,
  owner varchar(128) not null default '',
  ext_data text,
  result varchar(1024) default '',
  rollback_reason varchar(1024) default '',
  primary key (id),
  unique key gid (gid),
  key owner (owner),
  key status_next_cron_time (status, next_cron_time)
) engine = InnoDB default charset = utf8mb4;
create table if not exists ${schema}.trans_branch_op (
  id bigint(22) not null auto_increment,
  gid varchar(128) not null,
  url varchar(1024) not null,
  data text,
  bin_data blob,
  branch_id varchar(128) not null,
  op varchar(45) not null,
  status varchar(45) not null,
  finish_time datetime default null,
  rollback_time datetime default null,
  create_time datetime default null,
  update_time datetime default null,
  primary key (id),
  unique key gid_uniq (gid, branch_id, op)
) engine = InnoDB default charset = utf8mb4;
create table if not exists ${schema}.kv (
  id bigint(22) not null auto_increment,
  cat varchar(45) not null,
  k varchar(128) not null,
  v text,
  version bigint(22) default 1,
  create_time datetime default null,
  update_time datetime default null,
  primary key (id),
  unique key uniq_k (cat, k)
) engine = InnoDB default charset = utf8mb4;
