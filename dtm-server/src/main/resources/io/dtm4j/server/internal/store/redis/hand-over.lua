-- Hands a transaction's lease over if its status matches: KEYS g, b, u, s; ARGV data expire, status,
-- '1' to require the owner ARGV[4] (a release) or '0' to require a free or expired lease, expected owner,
-- new owner, next cron (unix s), gid, next_cron_time text, next_cron_interval, now (unix s).
if redis.call('GET', KEYS[4]) ~= ARGV[2] then
  return 'NOT_FOUND'
end
local g = cjson.decode(redis.call('GET', KEYS[1]))
local owner = g['owner']
if owner == nil or owner == cjson.null then
  owner = ''
end
if ARGV[3] == '1' then
  if owner ~= ARGV[4] then
    return 'NOT_FOUND'
  end
elseif owner ~= '' then
  local score = redis.call('ZSCORE', KEYS[3], ARGV[7])
  if score and tonumber(score) >= tonumber(ARGV[10]) then
    return 'NOT_FOUND'
  end
end
g['owner'] = ARGV[5]
g['next_cron_time'] = ARGV[8]
g['next_cron_interval'] = tonumber(ARGV[9])
redis.call('SET', KEYS[1], cjson.encode(g), 'EX', ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[7])
return 'OK'
