-- The sliding-window rate limit of rate-limit.ts on a sorted set of send
-- times. Returns {1, 0} when a slot was taken, {0, retryAtMs} otherwise.
-- KEYS[1] the target's send times.
-- ARGV[1] now ms, ARGV[2] window ms, ARGV[3] messages, ARGV[4] unique member.
local now = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - per)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], per)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, tonumber(oldest[2]) + per}
