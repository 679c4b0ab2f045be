-- Reschedules a transaction if its status (and owner, unless ARGV[3] is '') still match: KEYS g, b, u, s;
-- ARGV data expire, status, owner, next cron (unix s), gid, next_cron_time text, next_cron_interval.
if redis.call('GET', KEYS[4]) ~= ARGV[2] then
  return 'NOT_FOUND'
end
local g = cjson.decode(redis.call('GET', KEYS[1]))
if ARGV[3] ~= '' and g['owner'] ~= ARGV[3] then
  return 'NOT_FOUND'
end
g['next_cron_time'] = ARGV[6]
g['next_cron_interval'] = tonumber(ARGV[7])
redis.call('SET', KEYS[1], cjson.encode(g), 'EX', ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
return 'OK'
