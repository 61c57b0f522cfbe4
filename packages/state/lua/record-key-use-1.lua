-- Records when an API key was last used, only while the key exists: a revocation that lands
-- between a gateway's read and this write must not bring a hash of the key back.
-- KEYS[1] the key's hash; ARGV[1] the time of use (ISO 8601).
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1])
  return 1
end
return 0
