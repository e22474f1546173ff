-- Sets a bucket's place in the due index to the earliest next-due time of
-- the shipments now in it, or removes it when none has a deadline. Runs
-- after a poller handled a bucket; atomic, so a concurrent commit that
-- lowered the score cannot be overwritten with a later time.
-- KEYS[1] due index, KEYS[2] bucket hash. ARGV[1] bucket id.
local values = redis.call('HVALS', KEYS[2])
local earliest = nil
for _, value in ipairs(values) do
  local b1, b2, b3, b4, b5, b6 = string.byte(value, 1, 6)
  local due = ((((b1 * 256 + b2) * 256 + b3) * 256 + b4) * 256 + b5) * 256 + b6
  if due > 0 and (earliest == nil or due < earliest) then
    earliest = due
  end
end
if earliest == nil then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 0
end
redis.call('ZADD', KEYS[1], string.format('%.0f', earliest), ARGV[1])
return string.format('%.0f', earliest)
