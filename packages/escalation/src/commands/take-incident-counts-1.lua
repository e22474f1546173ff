-- Takes the counts since the last message (new and resolved members) and
-- starts counting afresh, so every target of one message sees the same
-- figures. KEYS[1] incident hash; ARGV[1] now ms; ARGV[2] 1 to mark the
-- incident paged. Returns {new, resolved, open, members, status}.
local new = tonumber(redis.call('HGET', KEYS[1], 'new') or '0')
local resolved = tonumber(redis.call('HGET', KEYS[1], 'resolved') or '0')
redis.call('HSET', KEYS[1], 'new', 0, 'resolved', 0, 'lastMessageAt', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'messages', 1)
if ARGV[2] == '1' and redis.call('HGET', KEYS[1], 'paged') == '0' then
  redis.call('HSET', KEYS[1], 'paged', 1, 'firstPagedAt', ARGV[1])
end
return {new, resolved, tonumber(redis.call('HGET', KEYS[1], 'open') or '0'),
  tonumber(redis.call('HGET', KEYS[1], 'members') or '0'), redis.call('HGET', KEYS[1], 'status') or ''}
