-- Adds branch rows to a transaction in a given status: KEYS g, b, u, s; ARGV data expire, expected status,
-- branch JSON... NOT_FOUND when the status differs, UNIQUE_CONFLICT when a (branch_id, op) exists.
if redis.call('GET', KEYS[4]) ~= ARGV[2] then
  return 'NOT_FOUND'
end
local seen = {}
for _, row in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local c = cjson.decode(row)
  seen[tostring(c['branch_id']) .. '\0' .. tostring(c['op'])] = true
end
for k = 3, #ARGV do
  local c = cjson.decode(ARGV[k])
  local id = tostring(c['branch_id']) .. '\0' .. tostring(c['op'])
  if seen[id] then
    return 'UNIQUE_CONFLICT'
  end
  seen[id] = true
end
for k = 3, #ARGV do
  redis.call('RPUSH', KEYS[2], ARGV[k])
end
redis.call('EXPIRE', KEYS[2], ARGV[1])
return 'OK'
