--[[
  Creates a session document unless one exists under the id.

  KEYS[1]  the session hash (fields: doc, version, etag)
  ARGV[1]  the document (JSON)
  ARGV[2]  TTL in seconds
  ARGV[3]  the document's etag: random, new with every write, so that a process holding a
           parsed copy can tell it is current even where two writes got the same version (a
           failover that lost the first one)

  Output: 1 when created; 0 when the id is taken.
]]
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'doc', ARGV[1], 'version', 1, 'etag', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
