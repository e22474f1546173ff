-- A member resolved or was retracted: it leaves the open members, and the
-- incident resolves with its last open member.
-- KEYS[1] group's current-incident pointer, KEYS[2] incident hash,
-- KEYS[3] open members set, KEYS[4] open members per segment, KEYS[5] timeline.
-- ARGV[1] incident id, ARGV[2] breach id, ARGV[3] segment, ARGV[4] now ms,
-- ARGV[5] resolved timeline entry JSON.
-- Returns {left 0/1, resolved now 0/1, paged 0/1}.
if redis.call('SREM', KEYS[3], ARGV[2]) == 0 then
  return {0, 0, tonumber(redis.call('HGET', KEYS[2], 'paged') or '0')}
end
redis.call('HINCRBY', KEYS[2], 'resolved', 1)
redis.call('HINCRBY', KEYS[4], ARGV[3], -1)
local open = redis.call('HINCRBY', KEYS[2], 'open', -1)
local paged = tonumber(redis.call('HGET', KEYS[2], 'paged') or '0')
if open > 0 or redis.call('HGET', KEYS[2], 'status') == 'resolved' then return {1, 0, paged} end
redis.call('HSET', KEYS[2], 'status', 'resolved', 'resolvedAt', ARGV[4], 'resolvedBy', 'monitor')
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('RPUSH', KEYS[5], ARGV[5])
return {1, 1, paged}
