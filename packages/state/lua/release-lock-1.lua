--[[
  Releases a lock only if it is still held by the caller (a lock that expired and was taken
  by someone else is left alone).

  KEYS[1]  the lock
  ARGV[1]  the holder's token

  Output: 1 when released; 0 when the lock was not the caller's.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
