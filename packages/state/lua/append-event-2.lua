--[[
  Appends an event to a session's stream once per idempotency key.

  KEYS[1]  the session's event stream
  KEYS[2]  the hash of idempotency key -> event id
  ARGV[1]  idempotency key ('' for none: always append)
  ARGV[2]  approximate maximum stream length
  ARGV[3]  TTL of both keys, in seconds
  ARGV[4]  event type
  ARGV[5]  event data (JSON)
  ARGV[6]  event time (ISO 8601)

  Output: the stream id of the event — the new one, or the one appended before under the key.
]]
local key = ARGV[1]
if key ~= '' then
  local existing = redis.call('HGET', KEYS[2], key)
  if existing then
    return existing
  end
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'type', ARGV[4], 'data', ARGV[5], 'at', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if key ~= '' then
  redis.call('HSET', KEYS[2], key, id)
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return id
