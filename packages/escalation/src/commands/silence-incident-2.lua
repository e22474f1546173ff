-- Silences an unresolved incident until a time: its pages, updates and
-- reminders are held back (and recorded) until then; the resolved notice is
-- not. KEYS[1] incident hash, KEYS[2] timeline. ARGV[1] until ms, ARGV[2]
-- who, ARGV[3] comment, ARGV[4] timeline entry JSON.
-- Returns 'ok', 'missing' or 'resolved'.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status == 'resolved' then return 'resolved' end
redis.call('HSET', KEYS[1], 'silencedUntil', ARGV[1], 'silencedBy', ARGV[2], 'silenceComment', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[4])
return 'ok'
