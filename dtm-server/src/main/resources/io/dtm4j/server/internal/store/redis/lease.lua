-- Leases the earliest due transaction: KEYS u; ARGV key prefix, due before (unix s), lease until (unix s),
-- owner, lease-until text, now text, data expire. Returns the leased global JSON, or false when none is due.
-- Members whose transaction expired or finished are dropped on the way.
for _ = 1, 50 do
  local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if r[1] == nil or tonumber(r[2]) >= tonumber(ARGV[2]) then
    return false
  end
  local gid = r[1]
  local raw = redis.call('GET', ARGV[1] .. '_g_' .. gid)
  local status = redis.call('GET', ARGV[1] .. '_s_' .. gid)
  if raw == false or status == 'succeed' or status == 'failed' then
    redis.call('ZREM', KEYS[1], gid)
  else
    local g = cjson.decode(raw)
    g['next_cron_time'] = ARGV[5]
    g['owner'] = ARGV[4]
    g['update_time'] = ARGV[6]
    local json = cjson.encode(g)
    redis.call('SET', ARGV[1] .. '_g_' .. gid, json, 'EX', ARGV[7])
    -- The branch rows and the status live as long as the transaction they belong to.
    redis.call('EXPIRE', ARGV[1] .. '_b_' .. gid, ARGV[7])
    redis.call('EXPIRE', ARGV[1] .. '_s_' .. gid, ARGV[7])
    redis.call('ZADD', KEYS[1], ARGV[3], gid)
    return json
  end
end
return false
