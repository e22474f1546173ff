-- Appends timeline lines and sets a marker together, so a rerun job finds
-- both or neither. Returns 1 when the marker was set now, 0 when it was set before.
-- KEYS[1] breach hash, KEYS[2] timeline list.
-- ARGV[1] marker field, ARGV[2] marked at ms, ARGV[3..] timeline entries JSON.
if #ARGV > 2 then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, 3))
end
return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
