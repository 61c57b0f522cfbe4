--[[
  Keeps a live session's keys alive together: the document, its owner record, its results,
  events, job index, idempotency records and answer attempt counters, and every key of its LangGraph threads. Never
  revives an expired session: when the document is gone, nothing is touched.

  All keys share the session's hash tag, so the checkpoint keys read from KEYS[9] are in the
  slot of the declared keys (Redis Cluster serves them on the same node).

  The thread keys are many (a handful per checkpoint of every thread), so refreshing them all
  on every touch made a session's touches cost the square of its steps. They live a margin
  longer than the session (ARGV[3]: the saver writes them so too) and are refreshed only
  when no refresh happened within that margin (KEYS[10] marks one): a key refreshed or
  written less than a margin ago outlives the document as touched now, so every thread key
  still outlives its session.

  KEYS[1]  the session hash
  KEYS[2]  the session's owner record (outlives the document, to tell expired from unknown)
  KEYS[3]  results hash
  KEYS[4]  events stream
  KEYS[5]  event idempotency hash
  KEYS[6]  job index set
  KEYS[7]  idempotency records hash
  KEYS[8]  answer attempt counters hash
  KEYS[9]  set of every checkpoint key of the session's threads
  KEYS[10] marker of the last refresh of those keys (lives the margin)
  ARGV[1]  TTL in seconds
  ARGV[2]  TTL of the owner record in seconds
  ARGV[3]  TTL of the thread keys in seconds (ARGV[1] + the margin)
  ARGV[4]  the margin in seconds

  Output: 1 when the session was touched; 0 when it does not exist (expired or erased).
]]
if redis.call('EXPIRE', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
for index = 3, 8 do
  redis.call('EXPIRE', KEYS[index], ARGV[1])
end
if redis.call('SET', KEYS[10], '1', 'NX', 'EX', ARGV[4]) then
  for _, key in ipairs(redis.call('SMEMBERS', KEYS[9])) do
    redis.call('EXPIRE', key, ARGV[3])
  end
  redis.call('EXPIRE', KEYS[9], ARGV[3])
end
return 1
