-- Files a breach into a digest policy's interval, once, unless the interval's
-- flush has begun (it sets KEYS[2] before reading the items): 'filed',
-- 'present' (filed before) or 'flushed' (too late; a flush job queued now
-- would send the interval again).
-- KEYS[1] the interval's list, KEYS[2] its flushed flag.
-- ARGV[1] breach id, ARGV[2] how long the list is kept, ms.
if redis.call('EXISTS', KEYS[2]) == 1 then return 'flushed' end
if redis.call('LPOS', KEYS[1], ARGV[1]) then return 'present' end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 'filed'
