-- Writes a batch's new shipment states, lowers the deadline index, appends
-- the breach changes they caused to the outbox and records the input offset
-- the batch ends at, all or nothing.
-- No key count in the file name: a batch brings one key per bucket it writes.
-- KEYS[1] due index (zset: bucket -> earliest due ms), KEYS[2] outbox stream,
-- KEYS[3] offsets hash (input topic -> next offset), KEYS[4..3+b] the bucket
-- hashes written, then one attainment hash per order day counted (m keys).
-- ARGV[1] write count n; ARGV[2] input topic ('' when the clock fired
-- deadlines), ARGV[3] the batch's first offset, ARGV[4] the offset after it;
-- ARGV[5] bucket key count b; ARGV[6] the n writes packed (packed-arguments.ts):
-- per write its bucket key's index in KEYS (u32), then four u32-length-prefixed
-- strings: waybill, bucket id, expected value ('' = absent), new value
-- ('' = delete); then per outbox entry 2 values: its record key (the
-- waybill) and its record value; last, per attainment key one value:
-- 'expireAt field delta field delta ...' (space-separated).
-- A value starts with its next due time: 6 bytes, big-endian ms, 0 = none.
-- Returns {'ok'}; or {'behind', stored offset} when the stored offset is
-- before the batch's start (this Redis lost writes: the caller reads again
-- from there); or {'conflict', waybills...} when a stored value was not the
-- expected one (another writer got there first). Then nothing is written.
local n = tonumber(ARGV[1])
local buckets = tonumber(ARGV[5])
local days = #KEYS - 3 - buckets
local topic = ARGV[2]
if topic ~= '' then
  local stored = redis.call('HGET', KEYS[3], topic)
  -- Stored ahead of the start is a redelivery of applied events: applying them again changes nothing.
  if stored and tonumber(stored) < tonumber(ARGV[3]) then
    return { 'behind', stored }
  end
end
-- Unpacked once: read in the check, written after it.
local packed = ARGV[6]
local at = 1
local key_of, waybill_of, bucket_of, expected_of, value_of = {}, {}, {}, {}, {}
local conflicts = { 'conflict' }
for i = 1, n do
  local key_index, waybill, bucket, expected, value
  key_index, waybill, bucket, expected, value, at = struct.unpack('>I4I4c0I4c0I4c0I4c0', packed, at)
  key_of[i], waybill_of[i], bucket_of[i], expected_of[i], value_of[i] = KEYS[key_index], waybill, bucket, expected, value
  local current = redis.call('HGET', KEYS[key_index], waybill) or ''
  if current ~= expected then
    conflicts[#conflicts + 1] = waybill
  end
end
if #conflicts > 1 then
  return conflicts
end

local function due_of(value)
  if value == '' then
    return 0
  end
  local b1, b2, b3, b4, b5, b6 = string.byte(value, 1, 6)
  return ((((b1 * 256 + b2) * 256 + b3) * 256 + b4) * 256 + b5) * 256 + b6
end

for i = 1, n do
  local key, waybill, bucket, value = key_of[i], waybill_of[i], bucket_of[i], value_of[i]
  if value == '' then
    redis.call('HDEL', key, waybill)
  else
    redis.call('HSET', key, waybill, value)
    local due = due_of(value)
    local was = due_of(expected_of[i])
    -- LT: only ever moves a bucket earlier here; settle-2.lua moves it later. A due time
    -- no earlier than the one stored before needs nothing: the bucket's place is at or
    -- before that one already (or at the end of a poller's lease, which settles it).
    if due > 0 and (was == 0 or due < was) then
      redis.call('ZADD', KEYS[1], 'LT', string.format('%.0f', due), bucket)
    end
  end
end

-- The value comes first, where entries written before keys were stored
-- (a single field 'c') kept it: a relay of either age finds it second.
for j = 7, #ARGV - days, 2 do
  redis.call('XADD', KEYS[2], '*', 'value', ARGV[j + 1], 'key', ARGV[j])
end

-- Attainment counts move with the states they were derived from: a state
-- written once counts once, and a refused write (above) counts nothing.
for k = 1, days do
  local key = KEYS[3 + buckets + k]
  local spec = ARGV[#ARGV - days + k]
  local expire_at, field = nil, nil
  for token in string.gmatch(spec, '%S+') do
    if not expire_at then
      expire_at = token
    elseif not field then
      field = token
    else
      redis.call('HINCRBY', key, field, token)
      field = nil
    end
  end
  redis.call('EXPIREAT', key, expire_at)
end

if topic ~= '' then
  local stored = redis.call('HGET', KEYS[3], topic)
  if not stored or tonumber(stored) < tonumber(ARGV[4]) then
    redis.call('HSET', KEYS[3], topic, ARGV[4])
  end
end
return { 'ok' }
