--[[
  Saves a task's pending writes to one checkpoint, with the thread's bookkeeping, in one call.

  KEYS[1]  the checkpoint's writes hash (field `<task id>,<index>` -> stored write)
  KEYS[2]  the namespace's set of checkpoint ids that have writes
  KEYS[3]  the thread's set of namespaces
  KEYS[4]  the hash tag's set of thread ids
  KEYS[5]  the hash tag's set of keys (what erasure deletes)
  ARGV[1]  TTL of every key, in seconds
  ARGV[2]  the checkpoint id
  ARGV[3]  the namespace
  ARGV[4]  the thread id
  ARGV[5 ..]  triples: field, 'keep' or 'replace', stored write. A regular write is kept from
              the first attempt (a retried task must not change it); a special one (an error,
              an interrupt) is replaced.

  Output: 1.
]]
local ttl = ARGV[1]
for index = 5, #ARGV, 3 do
  if ARGV[index + 1] == 'keep' then
    redis.call('HSETNX', KEYS[1], ARGV[index], ARGV[index + 2])
  else
    redis.call('HSET', KEYS[1], ARGV[index], ARGV[index + 2])
  end
end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('EXPIRE', KEYS[3], ttl)
redis.call('SADD', KEYS[4], ARGV[4])
redis.call('EXPIRE', KEYS[4], ttl)
redis.call('SADD', KEYS[5], KEYS[1], KEYS[2], KEYS[3], KEYS[4])
redis.call('EXPIRE', KEYS[5], ttl)
return 1
