-- An operator acknowledges or resolves an incident. Acknowledging works on an
-- open incident; resolving on an open or acknowledged one, and closes the
-- group's pointer so new breaches open a new incident. Returns the open
-- members at that moment (the caller cascades the action to them), or
-- {'conflict', status}.
-- KEYS[1] group's current-incident pointer, KEYS[2] incident hash,
-- KEYS[3] open members set, KEYS[4] timeline.
-- ARGV[1] incident id, ARGV[2] next status, ARGV[3] now ms, ARGV[4] who,
-- ARGV[5] timeline entry JSON.
local status = redis.call('HGET', KEYS[2], 'status')
if not status then return {'missing'} end
if status == 'resolved' or status == ARGV[2] then return {'conflict', status} end
if ARGV[2] == 'acknowledged' then
  redis.call('HSET', KEYS[2], 'status', 'acknowledged', 'acknowledgedAt', ARGV[3], 'acknowledgedBy', ARGV[4])
else
  redis.call('HSET', KEYS[2], 'status', 'resolved', 'resolvedAt', ARGV[3], 'resolvedBy', ARGV[4])
  if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
end
redis.call('RPUSH', KEYS[4], ARGV[5])
local members = redis.call('SMEMBERS', KEYS[3])
table.insert(members, 1, 'ok')
return members
