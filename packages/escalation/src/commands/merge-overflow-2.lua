-- Puts a page into a target's overflow list unless that page was merged
-- before, and remembers it (by pass, step and breach) for ARGV[5] ms, so a
-- rerun can tell a merge a failover lost (push again) from one still waiting
-- or already handed on to a digest (push nothing). Returns {pushed, length}.
-- KEYS[1] the overflow list, KEYS[2] the merges remembered (score: merged at).
-- ARGV[1] the page's name, ARGV[2] the item JSON, ARGV[3] merged at ms,
-- ARGV[4] now ms, ARGV[5] how long a merge is remembered, ms.
local since = tonumber(ARGV[4]) - tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. since)
if tonumber(ARGV[3]) < since or redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return {0, redis.call('LLEN', KEYS[1])}
end
local length = redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return {1, length}
