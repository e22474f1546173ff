import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

// Resolved from the package root so the same path works from src/ and dist/.
const script = (name: string) => readFileSync(new URL(`../src/scripts/${name}.lua`, import.meta.url), 'utf8');

export interface StoreCommands {
  slawatchCommit(...args: Array<string | Buffer | number>): Promise<string[]>;
  slawatchClaimDue(key: string, now: number, leaseUntil: number, limit: number): Promise<string[]>;
  slawatchSettle(dueKey: string, bucketKey: string, bucket: string): Promise<string | number>;
  slawatchDueEntriesBuffer(...args: Array<string | number>): Promise<Array<Buffer | number>>;
}

/** Registers the Lua scripts once per connection; ioredis sends EVALSHA and falls back to EVAL. */
export function withStoreCommands(redis: Redis): Redis & StoreCommands {
  const r = redis as Redis & Partial<StoreCommands>;
  if (!r.slawatchCommit) {
    redis.defineCommand('slawatchCommit', { lua: script('commit') });
    redis.defineCommand('slawatchClaimDue', { numberOfKeys: 1, lua: script('claim-due') });
    redis.defineCommand('slawatchSettle', { numberOfKeys: 2, lua: script('settle') });
    redis.defineCommand('slawatchDueEntries', { lua: script('due-entries') });
  }
  return redis as Redis & StoreCommands;
}
