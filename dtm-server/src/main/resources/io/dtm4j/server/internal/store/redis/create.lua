-- Creates a transaction: KEYS g, b, u, s; ARGV data expire, global JSON, next cron (unix s), gid, status,
-- branch JSON... Fails with UNIQUE_CONFLICT when the gid exists.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'UNIQUE_CONFLICT'
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[1])
redis.call('SET', KEYS[4], ARGV[5], 'EX', ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
redis.call('DEL', KEYS[2])
for k = 6, #ARGV do
  redis.call('RPUSH', KEYS[2], ARGV[k])
end
if #ARGV >= 6 then
  redis.call('EXPIRE', KEYS[2], ARGV[1])
end
return 'OK'
