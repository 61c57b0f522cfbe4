--[[
  Takes one request and `tokens` tokens from a model's shared quota, if both fit in the
  sliding window; otherwise says how long to wait.

  The tokens spent in the window are kept as a running total (KEYS[3]): a spend is added when
  it is taken and subtracted when it leaves the window, so a call costs O(log n) plus the
  spends that left since the last call, not a read of the whole window. Only a call that must
  wait walks the oldest spends, and only until enough of them would be freed.

  KEYS[1]  sorted set of requests in the window (score: time in ms; member: id)
  KEYS[2]  sorted set of token spends in the window (score: time in ms; member: id:tokens)
  KEYS[3]  the tokens of KEYS[2]'s members, summed
  ARGV[1]  now, in ms
  ARGV[2]  window, in ms
  ARGV[3]  requests allowed per window
  ARGV[4]  tokens allowed per window
  ARGV[5]  tokens this request will use (an estimate)
  ARGV[6]  a unique id for this request

  Output: 0 when taken; otherwise the milliseconds after which trying again can succeed.
]]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max_requests = tonumber(ARGV[3])
local max_tokens = tonumber(ARGV[4])
local tokens = tonumber(ARGV[5])
local since = now - window

local function tokens_of(member)
  return tonumber(string.match(member, ':(%d+)$'))
end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', since)

local total = redis.call('GET', KEYS[3])
local used = 0
if total then
  used = tonumber(total)
else
  -- No total beside a window (written before the total existed): count it once.
  for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    used = used + tokens_of(member)
  end
end
local leaving = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', since)
if #leaving > 0 then
  for _, member in ipairs(leaving) do
    used = used - tokens_of(member)
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', since)
end
-- An empty window spends nothing, whatever the total says (it expired, or was never written).
if redis.call('ZCARD', KEYS[2]) == 0 then
  used = 0
end
if #leaving > 0 then
  redis.call('SET', KEYS[3], used, 'PX', window * 2)
end

local wait = 0
if redis.call('ZCARD', KEYS[1]) >= max_requests then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + window - now)
end

if used + tokens > max_tokens and used > 0 then
  -- Wait until enough of the oldest spends have left the window; a request larger than the
  -- whole window's allowance waits until the window is empty, then goes alone. Read a page
  -- of the oldest at a time: usually the first few free enough.
  local freed = 0
  local start = 0
  local page = 32
  local found = false
  local last_score = nil
  while not found do
    local spends = redis.call('ZRANGE', KEYS[2], start, start + page - 1, 'WITHSCORES')
    if #spends == 0 then
      break
    end
    for i = 1, #spends, 2 do
      freed = freed + tokens_of(spends[i])
      last_score = tonumber(spends[i + 1])
      if used - freed + tokens <= max_tokens then
        found = true
        break
      end
    end
    start = start + page
  end
  -- Not found: even an empty window is too small; wait for the newest spend to leave.
  if last_score then
    wait = math.max(wait, last_score + window - now)
  end
end

if wait > 0 then
  return math.ceil(wait)
end
redis.call('ZADD', KEYS[1], now, ARGV[6])
-- Counted once: the same request run again (a command resent after a lost reply) adds nothing.
if redis.call('ZADD', KEYS[2], 'NX', now, ARGV[6] .. ':' .. tokens) == 1 then
  used = used + tokens
end
redis.call('SET', KEYS[3], used, 'PX', window * 2)
redis.call('PEXPIRE', KEYS[1], window * 2)
redis.call('PEXPIRE', KEYS[2], window * 2)
return 0
