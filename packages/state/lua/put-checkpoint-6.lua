--[[
  Saves one checkpoint of a thread: its values' blobs, the checkpoint itself, its index entry
  and the erasure records, all at once — or, when the thread has moved on under the writer,
  nothing at all.

  KEYS[1]  the namespace's blobs hash (channel and version -> value)
  KEYS[2]  the checkpoint's hash
  KEYS[3]  the namespace's index (sorted set of checkpoint ids, newest last by lexical order)
  KEYS[4]  the thread's set of namespaces
  KEYS[5]  the hash tag's set of thread ids
  KEYS[6]  the hash tag's set of keys (what erasure deletes)
  ARGV[1]  TTL of every key, in seconds
  ARGV[2]  the checkpoint id
  ARGV[3]  the namespace
  ARGV[4]  the thread id
  ARGV[5]  the fence: '' writes whatever the thread holds; '=' writes only on a thread with no
           checkpoint yet; '=<id>' only while <id> is the thread's newest checkpoint
  ARGV[6]  n, the number of the checkpoint's fields
  ARGV[7 .. 6 + 2n]          the checkpoint's field, value pairs
  ARGV[7 + 2n ..]            the blobs' field, value pairs

  Output: 1, or the error 'THREAD_RACE <newest>' when the fence does not hold, or
  'CHECKPOINT_ORDER <newest>' when the new id sorts before the newest (the writer's clock is
  behind). Saving the same checkpoint again (a retried command) is not a race.
]]
local ttl = ARGV[1]
local checkpointId = ARGV[2]
local fence = ARGV[5]
if fence ~= '' then
  local newest = redis.call('ZREVRANGEBYLEX', KEYS[3], '+', '-', 'LIMIT', 0, 1)[1]
  if newest ~= checkpointId and (newest or '') ~= string.sub(fence, 2) then
    return redis.error_reply('THREAD_RACE ' .. (newest or ''))
  end
  -- Ids are uuid6 (the writer's clock): one that sorts before the newest would never be read.
  if newest and checkpointId < newest then
    return redis.error_reply('CHECKPOINT_ORDER ' .. newest)
  end
end

local fieldCount = tonumber(ARGV[6])
local firstBlob = 7 + 2 * fieldCount
if #ARGV >= firstBlob then
  redis.call('HSET', KEYS[1], unpack(ARGV, firstBlob, #ARGV))
end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 7, firstBlob - 1))
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('ZADD', KEYS[3], 0, checkpointId)
redis.call('EXPIRE', KEYS[3], ttl)
redis.call('SADD', KEYS[4], ARGV[3])
redis.call('EXPIRE', KEYS[4], ttl)
redis.call('SADD', KEYS[5], ARGV[4])
redis.call('EXPIRE', KEYS[5], ttl)
redis.call('SADD', KEYS[6], KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
redis.call('EXPIRE', KEYS[6], ttl)
return 1
