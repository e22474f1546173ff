-- Compare-and-set of a breach's state: moves it only if nobody changed it
-- meanwhile, and appends the timeline line that says so. Returns 1 or 0.
-- KEYS[1] breach hash, KEYS[2] timeline list.
-- ARGV[1] expected state, ARGV[2] new state, ARGV[3] timeline entry JSON,
-- then field/value pairs to set with it.
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('RPUSH', KEYS[2], ARGV[3])
return 1
