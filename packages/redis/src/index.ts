export {
  createRedis,
  type Redis,
  type RedisConnectionOptions,
  type RedisConnectionSettings,
  waitUntilReady,
} from './create-redis.js';
