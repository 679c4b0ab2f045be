-- DTM subtransaction barrier table, MySQL / MariaDB: DTM's layout (sqls/dtmcli.barrier.mysql.sql), for the default
-- table dtm_barrier.barrier. Plain SQL, idempotent: spring.sql.init can run it as it is
-- (spring.sql.init.schema-locations=classpath:io/dtm4j/client/barrier/mysql.sql); BarrierSchema runs it for any
-- other table name, with the names replaced.
create database if not exists dtm_barrier /*!40100 DEFAULT CHARACTER SET utf8mb4 */;
create table if not exists dtm_barrier.barrier (
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
