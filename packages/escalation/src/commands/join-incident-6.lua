-- Adds a breach to its group's current incident, opening one if the group has
-- none. A member is counted once however often it is replayed.
-- KEYS[1] group's current-incident pointer, KEYS[2] incident hash,
-- KEYS[3] members (sorted by detection ms), KEYS[4] open members set,
-- KEYS[5] open members per segment (hash), KEYS[6] incident timeline.
-- ARGV[1] candidate incident id (used only when the group has none),
-- ARGV[2] breach id, ARGV[3] detected ms, ARGV[4] segment, ARGV[5] severity,
-- ARGV[6] severity rank, ARGV[7] now ms, ARGV[8] labels JSON, ARGV[9] policy,
-- ARGV[10] standard, ARGV[11] title, ARGV[12] titleZh, ARGV[13] last seen ms
-- ('' when unknown), ARGV[14] opened timeline entry JSON, ARGV[15] grouping JSON,
-- ARGV[16] the inhibition JSON of a facility incident ('' for any other).
-- Returns {'retry', current id} when the pointer names another incident than
-- the keys given ({'retry', ''}: the candidate resolved meanwhile), else
-- {created 0/1, added 0/1, status, id, severity set or raised 0/1}.
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return {'retry', current} end
local created = 0
-- The candidate came from a pointer that has since been cleared: that incident
-- resolved, so this breach opens a new one under a fresh id.
if not current and redis.call('EXISTS', KEYS[2]) == 1 then return {'retry', ''} end
if not current then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('HSET', KEYS[2], 'id', ARGV[1], 'status', 'open', 'openedAt', ARGV[7], 'labels', ARGV[8],
    'policy', ARGV[9], 'standard', ARGV[10], 'title', ARGV[11], 'titleZh', ARGV[12],
    'severity', ARGV[5], 'rank', ARGV[6], 'members', 0, 'open', 0, 'new', 0, 'resolved', 0,
    'paged', 0, 'messages', 0, 'grouping', ARGV[15])
  if ARGV[16] and ARGV[16] ~= '' then redis.call('HSET', KEYS[2], 'inhibition', ARGV[16]) end
  redis.call('RPUSH', KEYS[6], ARGV[14])
  created = 1
end
local added = 0
local rose = created
if redis.call('ZADD', KEYS[3], 'NX', ARGV[3], ARGV[2]) == 1 then
  added = 1
  redis.call('SADD', KEYS[4], ARGV[2])
  redis.call('HINCRBY', KEYS[2], 'members', 1)
  redis.call('HINCRBY', KEYS[2], 'open', 1)
  redis.call('HINCRBY', KEYS[2], 'new', 1)
  redis.call('HINCRBY', KEYS[5], ARGV[4], 1)
  if tonumber(ARGV[6]) > tonumber(redis.call('HGET', KEYS[2], 'rank')) then
    redis.call('HSET', KEYS[2], 'severity', ARGV[5], 'rank', ARGV[6])
    rose = 1
  end
  if redis.call('HGET', KEYS[2], 'standard') ~= ARGV[10] then redis.call('HSET', KEYS[2], 'mixed', 1) end
  if ARGV[13] ~= '' then
    local seen = redis.call('HGET', KEYS[2], 'lastSeenMs')
    if not seen or tonumber(ARGV[13]) < tonumber(seen) then redis.call('HSET', KEYS[2], 'lastSeenMs', ARGV[13]) end
  end
end
return {created, added, redis.call('HGET', KEYS[2], 'status'), ARGV[1], rose}
