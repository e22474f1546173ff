import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

export interface StoreCommands {
  slawatchCommit(...args: Array<string | Buffer | number>): Promise<string[]>;
  slawatchClaimDue(key: string, now: number, leaseUntil: number, limit: number): Promise<string[]>;
  slawatchSettle(dueKey: string, bucketKey: string, bucket: string): Promise<string | number>;
  slawatchDueEntriesBuffer(...args: Array<string | number>): Promise<Array<Buffer | number>>;
}

/**
 * The Lua scripts in src/commands/, by command name. As in BullMQ, a file
 * named `name-<numKeys>.lua` takes that many keys; a file without the number
 * takes a count that varies per call, passed first.
 */
const COMMANDS: Record<string, string> = {
  slawatchCommit: 'commit',
  slawatchClaimDue: 'claim-due-1',
  slawatchSettle: 'settle-2',
  slawatchDueEntries: 'due-entries',
};

function numberOfKeys(file: string): number | undefined {
  const match = /-(\d+)$/.exec(file);
  return match ? Number(match[1]) : undefined;
}

/** Read once per process; resolved from the package root so the same path works from src/ and dist/. */
const scripts = Object.entries(COMMANDS).map(([name, file]) => ({
  name,
  numberOfKeys: numberOfKeys(file),
  lua: readFileSync(new URL(`../src/commands/${file}.lua`, import.meta.url), 'utf8'),
}));

/** Registers the Lua scripts once per connection; ioredis sends EVALSHA and falls back to EVAL. */
export function withStoreCommands(redis: Redis): Redis & StoreCommands {
  const r = redis as Redis & Partial<StoreCommands>;
  if (!r.slawatchCommit) {
    for (const { name, numberOfKeys, lua } of scripts) {
      redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { numberOfKeys, lua });
    }
  }
  return redis as Redis & StoreCommands;
}
