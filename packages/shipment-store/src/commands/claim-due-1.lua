-- Claims the buckets whose earliest deadline is due, by pushing their score
-- to the end of a lease. Another poller cannot claim them until the lease
-- ends; a poller that crashes mid-work leaves them to be claimed again then.
-- KEYS[1] due index. ARGV: now ms, lease end ms, most buckets to claim.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for i = 1, #due, 2 do
  redis.call('ZADD', KEYS[1], 'XX', ARGV[2], due[i])
  claimed[#claimed + 1] = due[i]
  claimed[#claimed + 1] = due[i + 1]
end
return claimed
