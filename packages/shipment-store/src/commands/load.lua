-- Reads the stored values of a batch's waybills in one command, where a
-- pipeline of one HGET per waybill cost the client a command object each.
-- No key count in the file name: a batch brings one bucket key per waybill.
-- KEYS[i]: the bucket hash of ARGV[i], a waybill.
-- Returns the stored values in the same order, nil where a waybill has none.
local out = {}
for i = 1, #KEYS do
  -- false, not nil: a nil would end the reply's list there.
  out[i] = redis.call('HGET', KEYS[i], ARGV[i]) or false
end
return out
