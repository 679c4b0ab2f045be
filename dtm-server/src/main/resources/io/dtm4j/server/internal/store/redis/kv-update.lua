-- Replaces a KV row if its version is still ARGV[1]: KEYS kv key; ARGV version read, new row JSON.
local raw = redis.call('GET', KEYS[1])
if raw == false then
  return 'NOT_FOUND'
end
if tostring(cjson.decode(raw)['version']) ~= ARGV[1] then
  return 'NOT_FOUND'
end
redis.call('SET', KEYS[1], ARGV[2])
return 'OK'
