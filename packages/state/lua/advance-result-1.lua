--[[
  Stores a record that evolves (a question's answer progress) unless the record kept is
  further along: a run that fell behind — a job's earlier run, still going after its lock
  lapsed and the job ran again elsewhere — never writes over what a later run recorded.

  KEYS[1]  the session's results hash
  ARGV[1]  the record's field
  ARGV[2]  the field of its rank
  ARGV[3]  the record (JSON)
  ARGV[4]  its rank: how far along it is (a number; equal ranks replace each other)
  ARGV[5]  TTL of the hash, in seconds

  Output: 1 when stored; 0 when the record kept has a higher rank.
]]
local kept = redis.call('HGET', KEYS[1], ARGV[2])
if kept and tonumber(kept) > tonumber(ARGV[4]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], ARGV[2], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
