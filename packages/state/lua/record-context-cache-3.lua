--[[
  Records a Gemini context cache made for a session. The name always joins the session's set
  of cache names (so erasure finds it and deletes it at Gemini, whoever holds the lease); the
  session's record, which hands the cache out to every call, is written only by the holder of
  the lease. A worker whose lease expired while it was creating gets 0 and deletes its cache.

  KEYS[1]  the session's cache record
  KEYS[2]  the lease of the worker creating the session's cache
  KEYS[3]  the set of Gemini cache names made for the session
  ARGV[1]  the caller's lease token
  ARGV[2]  the record (JSON)
  ARGV[3]  the record's TTL in ms
  ARGV[4]  the cache's name
  ARGV[5]  the set's TTL in ms (only ever lengthened)

  Output: 1 when the record was written; 0 when the caller no longer held the lease.
]]
redis.call('SADD', KEYS[3], ARGV[4])
if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[5]) then
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
