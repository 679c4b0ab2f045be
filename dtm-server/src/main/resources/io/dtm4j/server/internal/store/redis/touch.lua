-- Reschedules a transaction if its status (and its owner, when ARGV[8] is '1') still match: KEYS g, b, u, s;
-- ARGV data expire, status, owner, next cron (unix s), gid, next_cron_time text, next_cron_interval, check owner.
if redis.call('GET', KEYS[4]) ~= ARGV[2] then
  return 'NOT_FOUND'
end
local g = cjson.decode(redis.call('GET', KEYS[1]))
local owner = g['owner']
if owner == nil or owner == cjson.null then
  owner = ''
end
if ARGV[8] == '1' and owner ~= ARGV[3] then
  return 'NOT_FOUND'
end
g['next_cron_time'] = ARGV[6]
g['next_cron_interval'] = tonumber(ARGV[7])
redis.call('SET', KEYS[1], cjson.encode(g), 'EX', ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
return 'OK'
