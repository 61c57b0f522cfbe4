--[[
  Renews a lock only if it is still held by the caller (one that expired and was taken by
  someone else is left alone).

  KEYS[1]  the lock
  ARGV[1]  the holder's token
  ARGV[2]  the new lifetime in ms

  Output: 1 when renewed; 0 when the lock was not the caller's.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
