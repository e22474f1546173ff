/**
 * Lua scripts: each touches the keys of one breach (one hash tag) or one
 * target, so they run atomically on a single node and in Redis Cluster alike.
 */

/** KEYS: breach, timeline. ARGV: status, change JSON, policy, received ms, timeline entry JSON. */
export const RECORD_CHANGE = `
if redis.call('HSETNX', KEYS[1], 'seen:' .. ARGV[1], ARGV[4]) == 0 then
  return {0, redis.call('HGET', KEYS[1], 'state') or ''}
end
local state = redis.call('HGET', KEYS[1], 'state')
if ARGV[1] == 'open' then
  if state then
    return {2, state}
  end
  redis.call('HSET', KEYS[1], 'change', ARGV[2], 'state', 'open', 'policy', ARGV[3], 'openedAt', ARGV[4])
  redis.call('RPUSH', KEYS[2], ARGV[5])
  return {1, 'open'}
end
if not state then
  -- The open change was never seen (older than this service): keep the record, notify nobody.
  redis.call('HSET', KEYS[1], 'change', ARGV[2], 'state', ARGV[1], 'policy', ARGV[3], 'openedAt', ARGV[4])
  redis.call('RPUSH', KEYS[2], ARGV[5])
  return {3, ARGV[1]}
end
return {1, state}
`;

/**
 * Compare-and-set of a breach's state. KEYS: breach, timeline.
 * ARGV: expected state, new state, timeline entry JSON, then field/value pairs.
 */
export const SET_STATE = `
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('RPUSH', KEYS[2], ARGV[3])
return 1
`;

/**
 * The sliding-window rate limit of rate-limit.ts. KEYS: the target's send
 * times. ARGV: now ms, window ms, messages, unique member.
 * Returns {1} when a slot was taken, {0, retryAtMs} otherwise.
 */
export const TAKE_SLOT = `
local now = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - per)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], per)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, tonumber(oldest[2]) + per}
`;

/**
 * Removes the first ARGV[1] items of a list, but only if they are still the
 * items the caller read (first ARGV[2], last ARGV[3]): two flushers that read
 * the same head cannot both trim it and lose what came after. KEYS: list.
 */
export const TRIM_IF_HEAD = `
local count = tonumber(ARGV[1])
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[2] then return 0 end
if redis.call('LINDEX', KEYS[1], count - 1) ~= ARGV[3] then return 0 end
redis.call('LTRIM', KEYS[1], count, -1)
return 1
`;
