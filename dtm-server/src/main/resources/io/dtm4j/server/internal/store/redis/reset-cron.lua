-- Makes up to ARGV[4] unfinished transactions scheduled after ARGV[2] due at ARGV[3]: KEYS u; ARGV key prefix,
-- later (unix s), now (unix s), limit, now text. Returns how many were changed.
local n = 0
for _, gid in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], '+inf', 'LIMIT', 0, ARGV[4])) do
  redis.call('ZADD', KEYS[1], ARGV[3], gid)
  local key = ARGV[1] .. '_g_' .. gid
  local raw = redis.call('GET', key)
  if raw then
    local g = cjson.decode(raw)
    g['next_cron_time'] = ARGV[5]
    redis.call('SET', key, cjson.encode(g), 'KEEPTTL')
  end
  n = n + 1
end
return n
