-- Removes the first ARGV[1] items of a list, but only if they are still the
-- items the caller read (first ARGV[2], last ARGV[3]): two flushers that read
-- the same head cannot both trim it and lose what came after. Returns 1 or 0.
-- KEYS[1] the list.
local count = tonumber(ARGV[1])
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[2] then return 0 end
if redis.call('LINDEX', KEYS[1], count - 1) ~= ARGV[3] then return 0 end
redis.call('LTRIM', KEYS[1], count, -1)
return 1
