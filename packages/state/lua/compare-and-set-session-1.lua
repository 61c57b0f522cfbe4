--[[
  Replaces a session document only if nobody replaced it since the caller read it.

  KEYS[1]  the session hash (fields: doc, version, etag)
  ARGV[1]  the version the caller read
  ARGV[2]  the new document (JSON)
  ARGV[3]  TTL in seconds
  ARGV[4]  the new document's etag (random, new with every write; see create-session-1.lua)

  Output: the new version; 0 when the version moved on (retry); -1 when the session is gone.
]]
local version = redis.call('HGET', KEYS[1], 'version')
if not version then
  return -1
end
if version ~= ARGV[1] then
  return 0
end
local next = tonumber(version) + 1
redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'version', next, 'etag', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return next
