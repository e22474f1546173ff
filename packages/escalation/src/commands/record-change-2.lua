-- Records one breach change once per (breachId, status) and tells the caller
-- what it was: 1 new, 0 a replay, 2 an open change after the breach ended,
-- 3 an end of a breach never seen open. Returns {code, state}.
-- KEYS[1] breach hash, KEYS[2] timeline list.
-- ARGV[1] status, ARGV[2] change JSON, ARGV[3] policy, ARGV[4] received ms,
-- ARGV[5] timeline entry JSON.
if redis.call('HSETNX', KEYS[1], 'seen:' .. ARGV[1], ARGV[4]) == 0 then
  return {0, redis.call('HGET', KEYS[1], 'state') or ''}
end
local state = redis.call('HGET', KEYS[1], 'state')
if ARGV[1] == 'open' then
  if state then
    return {2, state}
  end
  redis.call('HSET', KEYS[1], 'change', ARGV[2], 'state', 'open', 'policy', ARGV[3], 'openedAt', ARGV[4])
  redis.call('RPUSH', KEYS[2], ARGV[5])
  return {1, 'open'}
end
if not state then
  -- The open change was never seen (older than this service): keep the record, notify nobody.
  redis.call('HSET', KEYS[1], 'change', ARGV[2], 'state', ARGV[1], 'policy', ARGV[3], 'openedAt', ARGV[4])
  redis.call('RPUSH', KEYS[2], ARGV[5])
  return {3, ARGV[1]}
end
return {1, state}
