-- Returns only the shipments of the given buckets whose next due time has
-- passed, so a poller does not read a whole bucket (about a hundred
-- shipments) to fire the few that are due.
-- KEYS: bucket hashes (as many as the poller claimed, hence no key count in
-- the file name). ARGV[1]: now, epoch ms.
-- Returns a flat list: key index (1-based), waybill, stored value, ...
local now = tonumber(ARGV[1])
local out = {}
for k = 1, #KEYS do
  local entries = redis.call('HGETALL', KEYS[k])
  for i = 1, #entries, 2 do
    local value = entries[i + 1]
    local b1, b2, b3, b4, b5, b6 = string.byte(value, 1, 6)
    local due = ((((b1 * 256 + b2) * 256 + b3) * 256 + b4) * 256 + b5) * 256 + b6
    if due > 0 and due <= now then
      out[#out + 1] = k
      out[#out + 1] = entries[i]
      out[#out + 1] = value
    end
  end
end
return out
