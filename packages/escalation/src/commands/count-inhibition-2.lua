-- Counts an open breach behind one facility, courier or lane of an inhibit
-- rule, once however often its change is replayed, and says whether the
-- value's facility incident is open.
-- KEYS[1] open breaches behind the value (sorted by detection ms),
-- KEYS[2] the value's current facility-incident pointer (same hash tag).
-- ARGV[1] breach id, ARGV[2] detected ms, ARGV[3] the earliest detection ms
-- that still counts ('' when the rule has no window).
-- Returns {open breaches counted, facility incident id or ''}.
redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
if ARGV[3] ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3]) end
return {redis.call('ZCARD', KEYS[1]), redis.call('GET', KEYS[2]) or ''}
