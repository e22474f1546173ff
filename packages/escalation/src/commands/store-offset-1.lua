-- Stores the next offset to read of one topic-partition, never moving it
-- back: a batch handled twice (a rebalance, a replay) cannot rewind it. And
-- never past a gap: when the stored offset is before the batch's start, this
-- Redis lost the effects of what lies between (an AOF behind, a cluster
-- replica promoted behind its master), so nothing is stored and the caller
-- reads again from the stored offset.
-- KEYS[1] offsets hash. ARGV[1] field (topic/partition), ARGV[2] next offset,
-- ARGV[3] the offset the batch started at ('' = unknown, not checked).
-- Returns {'stored'}, {'ahead'} (already as far) or {'behind', stored offset}.
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored and ARGV[3] ~= '' and tonumber(stored) < tonumber(ARGV[3]) then
  return { 'behind', stored }
end
if stored and tonumber(stored) >= tonumber(ARGV[2]) then
  return { 'ahead' }
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return { 'stored' }
