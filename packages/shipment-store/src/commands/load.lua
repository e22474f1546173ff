-- Reads the stored values of a batch's waybills in one command, where a
-- pipeline of one HGET per waybill cost the client a command object each.
-- No key count in the file name: a batch brings one key per bucket it reads.
-- KEYS: the bucket hashes read. ARGV[1]: the waybills packed (packed-arguments.ts):
-- per waybill its bucket key's index in KEYS (u32), then its length (u32) and bytes.
-- Returns one string: per waybill in the same order, the stored value's
-- length (i32; -1 where the waybill has none) and bytes, so the client
-- parses one reply rather than one per waybill.
local packed = ARGV[1]
local at = 1
local out = {}
while at <= #packed do
  local key_index, waybill
  key_index, waybill, at = struct.unpack('>I4I4c0', packed, at)
  local value = redis.call('HGET', KEYS[key_index], waybill)
  if value then
    out[#out + 1] = struct.pack('>i4', #value)
    out[#out + 1] = value
  else
    out[#out + 1] = struct.pack('>i4', -1)
  end
end
return table.concat(out)
