import { describe, expect, it } from 'vitest';
import { luaCommands } from '../src/index.js';

describe('Lua commands named by their files', () => {
  it("reads the shipment store's scripts: a number of keys from the name, or one per call", () => {
    const commands = luaCommands({
      folder: new URL('../../shipment-store/src/commands/', import.meta.url),
      prefix: 'slawatch',
    });
    expect(commands.map(({ name, numberOfKeys }) => [name, numberOfKeys])).toEqual([
      ['slawatchClaimDue', 1],
      ['slawatchCommit', undefined],
      ['slawatchDueEntries', undefined],
      ['slawatchLoad', undefined],
      ['slawatchSettle', 2],
    ]);
    for (const { lua } of commands) expect(lua).toContain('redis.call(');
  });
});
