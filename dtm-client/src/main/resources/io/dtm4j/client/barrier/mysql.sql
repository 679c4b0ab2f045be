-- DTM subtransaction barrier table, MySQL / MariaDB. Same layout as DTM's sqls/dtmcli.barrier.mysql.sql.
-- ${schema} and ${table} are replaced by BarrierSchema; every statement is idempotent.
create database if not exists ${schema} /*!40100 DEFAULT CHARACTER SET utf8mb4 */;
create table if not exists ${table} (
  id bigint(22) primary key auto_increment,
  trans_type varchar(45) default '',
  gid varchar(128) default '',
  branch_id varchar(128) default '',
  op varchar(45) default '',
  barrier_id varchar(45) default '',
  reason varchar(45) default '' comment 'the branch op that inserted this row',
  create_time datetime default now(),
  update_time datetime default now(),
  key(create_time),
  key(update_time),
  unique key(gid, branch_id, op, barrier_id)
);
