import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from './create-redis.js';

/** One Lua script of a package's `commands/` folder, as ioredis defines it on a connection. */
export interface LuaCommand {
  name: string;
  /** From the file name; undefined for a script whose key count varies per call (passed first). */
  numberOfKeys: number | undefined;
  lua: string;
}

const FILE_NAME = /^([a-z]+(?:-[a-z]+)*)(?:-(\d+))?\.lua$/;

/**
 * Reads every script of `folder` once, as BullMQ names them: `take-slot-1.lua`
 * becomes `<prefix>TakeSlot` with one key; `commit.lua` (no number) takes a
 * key count per call. Pass the folder resolved from the package root
 * (`new URL('../src/commands/', import.meta.url)`) so it is found from src/ and dist/.
 */
export function luaCommands(options: { folder: URL; prefix: string }): LuaCommand[] {
  return readdirSync(options.folder)
    .filter((file) => file.endsWith('.lua'))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`commands/${file}: expected a name such as take-slot-1.lua (name-<keys>)`);
      const words = match[1]!.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1));
      return {
        name: `${options.prefix}${words.join('')}`,
        numberOfKeys: match[2] === undefined ? undefined : Number(match[2]),
        lua: readFileSync(new URL(file, options.folder), 'utf8'),
      };
    });
}

/** Defines the scripts on a connection once; ioredis then sends EVALSHA and falls back to EVAL. */
export function defineLuaCommands<Commands>(
  redis: Redis,
  commands: ReadonlyArray<LuaCommand>,
): Redis & Commands {
  for (const { name, numberOfKeys, lua } of commands) {
    if (!(name in redis))
      redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { numberOfKeys, lua });
  }
  return redis as Redis & Commands;
}
