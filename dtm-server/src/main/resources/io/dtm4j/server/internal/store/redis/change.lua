-- Changes a transaction's status and fields, and writes branch results, if its status is still ARGV[3]:
-- KEYS g, b, u, s; ARGV data expire, finished expire, expected status, new status ('' keeps it), gid,
-- global fields JSON ('{}' for none), next cron (unix s), branch result JSON... (each names branch_id and op;
-- the fields given replace the stored ones, a null removes one). A final status leaves the schedule and takes
-- the shorter expiry; another is rescheduled at the next cron time.
if redis.call('GET', KEYS[4]) ~= ARGV[3] then
  return 'NOT_FOUND'
end
local function merge(target, fields)
  for f, v in pairs(fields) do
    if v == cjson.null then
      target[f] = nil
    else
      target[f] = v
    end
  end
end
if #ARGV >= 8 then
  local list = redis.call('LRANGE', KEYS[2], 0, -1)
  local at = {}
  for i, row in ipairs(list) do
    local c = cjson.decode(row)
    at[tostring(c['branch_id']) .. '\0' .. tostring(c['op'])] = {i - 1, c}
  end
  for k = 8, #ARGV do
    local r = cjson.decode(ARGV[k])
    local hit = at[tostring(r['branch_id']) .. '\0' .. tostring(r['op'])]
    if hit then
      merge(hit[2], r)
      redis.call('LSET', KEYS[2], hit[1], cjson.encode(hit[2]))
    end
  end
end
if ARGV[4] ~= '' then
  local g = cjson.decode(redis.call('GET', KEYS[1]))
  merge(g, cjson.decode(ARGV[6]))
  g['status'] = ARGV[4]
  redis.call('SET', KEYS[1], cjson.encode(g), 'EX', ARGV[1])
  redis.call('SET', KEYS[4], ARGV[4], 'EX', ARGV[1])
  if ARGV[4] == 'succeed' or ARGV[4] == 'failed' then
    redis.call('ZREM', KEYS[3], ARGV[5])
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    redis.call('EXPIRE', KEYS[2], ARGV[2])
    redis.call('EXPIRE', KEYS[4], ARGV[2])
  else
    redis.call('EXPIRE', KEYS[2], ARGV[1])
    redis.call('ZADD', KEYS[3], ARGV[7], ARGV[5])
  end
end
return 'OK'
