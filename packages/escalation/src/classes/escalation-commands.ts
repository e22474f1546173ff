import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from '@slawatch/redis';

// Resolved from the package root so the same folder is found from src/ and dist/.
const COMMANDS_FOLDER = new URL('../../src/commands/', import.meta.url);
const FILE_NAME = /^([a-z]+(?:-[a-z]+)*)-(\d+)\.lua$/;

/** One Lua script of `commands/`, as ioredis defines it on a connection. */
export interface EscalationCommand {
  name: string;
  numberOfKeys: number;
  lua: string;
}

/**
 * The scripts in `commands/`. Each touches the keys of one breach (one hash
 * tag) or one target, so it runs atomically on a single node and in Redis
 * Cluster alike. The file name says the command and its number of keys.
 */
export interface EscalationCommands {
  /** `record-change-2.lua`: returns {outcome code, state}. */
  escalationRecordChange(
    breachKey: string,
    timelineKey: string,
    status: string,
    change: string,
    policy: string,
    receivedMs: string,
    first: string,
  ): Promise<[number, string]>;
  /** `set-state-2.lua`: 1 when the state was still `expected` and moved. */
  escalationSetState(
    breachKey: string,
    timelineKey: string,
    expected: string,
    next: string,
    line: string,
    ...fields: string[]
  ): Promise<number>;
  /** `take-slot-1.lua`: {1, 0} when a slot was taken, else {0, retry at ms}. */
  escalationTakeSlot(
    windowKey: string,
    nowMs: string,
    perMs: string,
    messages: string,
    member: string,
  ): Promise<[number, number]>;
  /** `trim-if-head-1.lua`: 1 when the list still began with the items read and they were removed. */
  escalationTrimIfHead(listKey: string, count: string, first: string, last: string): Promise<number>;
}

let loaded: EscalationCommand[] | undefined;

/** Reads the scripts once per process: `take-slot-1.lua` becomes `escalationTakeSlot` with one key. */
export function escalationCommands(): EscalationCommand[] {
  loaded ??= readdirSync(COMMANDS_FOLDER)
    .filter((file) => file.endsWith('.lua'))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`commands/${file}: expected a name such as take-slot-1.lua (name-<keys>)`);
      return {
        name: commandName(match[1]!),
        numberOfKeys: Number(match[2]),
        lua: readFileSync(new URL(file, COMMANDS_FOLDER), 'utf8'),
      };
    });
  return loaded;
}

function commandName(base: string): string {
  const words = base.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1));
  return `escalation${words.join('')}`;
}

/** Defines the scripts on a connection once; ioredis then sends EVALSHA and falls back to EVAL. */
export function withEscalationCommands(redis: Redis): Redis & EscalationCommands {
  for (const { name, numberOfKeys, lua } of escalationCommands()) {
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
  }
  return redis as Redis & EscalationCommands;
}
