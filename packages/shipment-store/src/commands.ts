import { defineLuaCommands, luaCommands, type Redis } from '@slawatch/redis';

export interface StoreCommands {
  slawatchCommit(...args: Array<string | Buffer | number>): Promise<string[]>;
  slawatchLoadBuffer(...args: Array<string | number | Buffer>): Promise<Buffer>;
  slawatchClaimDue(key: string, now: number, leaseUntil: number, limit: number): Promise<string[]>;
  slawatchSettle(dueKey: string, bucketKey: string, bucket: string): Promise<string | number>;
  slawatchDueEntriesBuffer(...args: Array<string | number>): Promise<Array<Buffer | number>>;
}

/**
 * The Lua scripts of src/commands/, read once per process. As in BullMQ, a file
 * named `name-<numKeys>.lua` takes that many keys (`claim-due-1.lua` is
 * `slawatchClaimDue`); `commit.lua`, `load.lua` and `due-entries.lua` take a key count that
 * varies per call, passed first. Resolved from the package root so the same
 * path works from src/ and dist/.
 */
const scripts = luaCommands({ folder: new URL('../src/commands/', import.meta.url), prefix: 'slawatch' });

/** Registers the Lua scripts once per connection. */
export function withStoreCommands(redis: Redis): Redis & StoreCommands {
  return defineLuaCommands<StoreCommands>(redis, scripts);
}
