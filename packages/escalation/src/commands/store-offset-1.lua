-- Stores the next offset to read of one topic-partition, never moving it
-- back: a batch handled twice (a rebalance, a replay) cannot rewind it.
-- KEYS[1] offsets hash. ARGV[1] field (topic/partition), ARGV[2] next offset.
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored and tonumber(stored) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
