--[[
  Takes one request and `tokens` tokens from a model's shared quota, if both fit in the
  sliding window; otherwise says how long to wait.

  KEYS[1]  sorted set of requests in the window (score: time in ms; member: id)
  KEYS[2]  sorted set of token spends in the window (score: time in ms; member: id:tokens)
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

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', since)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', since)

local wait = 0
if redis.call('ZCARD', KEYS[1]) >= max_requests then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + window - now)
end

local spends = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local used = 0
for i = 1, #spends, 2 do
  used = used + tonumber(string.match(spends[i], ':(%d+)$'))
end
if used + tokens > max_tokens and used > 0 then
  -- Wait until enough of the oldest spends have left the window; a request larger than the
  -- whole window's allowance waits until the window is empty, then goes alone.
  local freed = 0
  for i = 1, #spends, 2 do
    freed = freed + tonumber(string.match(spends[i], ':(%d+)$'))
    if used - freed + tokens <= max_tokens or i + 1 == #spends then
      wait = math.max(wait, tonumber(spends[i + 1]) + window - now)
      break
    end
  end
end

if wait > 0 then
  return math.ceil(wait)
end
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('ZADD', KEYS[2], now, ARGV[6] .. ':' .. tokens)
redis.call('PEXPIRE', KEYS[1], window * 2)
redis.call('PEXPIRE', KEYS[2], window * 2)
return 0
