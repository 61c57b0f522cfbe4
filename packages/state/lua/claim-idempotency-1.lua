--[[
  Claims an Idempotency-Key for a request, or returns what the first request with that key
  recorded. One round trip, so a key released between a failed claim and its read cannot
  make the caller believe it holds a key that nobody holds.

  KEYS[1]  the key's record
  ARGV[1]  the record to store when the key is free (JSON: request fingerprint and response)
  ARGV[2]  its TTL in seconds

  Output: nil when the caller claimed the key; otherwise the record already there.
]]
if redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then
  return false
end
return redis.call('GET', KEYS[1])
