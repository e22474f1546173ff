export {
  clusterOptions,
  createRedis,
  describeTarget,
  onReconnect,
  type Redis,
  type RedisConnectionOptions,
  type RedisConnectionSettings,
  waitUntilReady,
} from './create-redis.js';
export { defineLuaCommands, type LuaCommand, luaCommands } from './lua-commands.js';
