import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escalationCommands } from '../src/classes/escalation-commands.js';

const SOURCE = new URL('../src/', import.meta.url);

describe('escalation commands', () => {
  it('are the Lua files of commands/, each named and keyed by its file name, read once', () => {
    const commands = escalationCommands();
    expect(commands.map((c) => [c.name, c.numberOfKeys])).toEqual([
      ['escalationCountInhibition', 2],
      ['escalationFileDigest', 2],
      ['escalationJoinIncident', 6],
      ['escalationLeaveIncident', 5],
      ['escalationMarkWithLines', 2],
      ['escalationMergeOverflow', 2],
      ['escalationRecordChange', 2],
      ['escalationRecordDelivery', 3],
      ['escalationSetIncidentState', 4],
      ['escalationSetState', 2],
      ['escalationSilenceIncident', 2],
      ['escalationStoreOffset', 1],
      ['escalationTakeIncidentCounts', 1],
      ['escalationTakeSlot', 1],
      ['escalationTrimIfHead', 1],
    ]);
    for (const { lua, numberOfKeys = 0 } of commands) {
      expect(lua).toContain(`KEYS[${numberOfKeys}]`);
      expect(lua).not.toContain(`KEYS[${numberOfKeys + 1}]`);
    }
    expect(escalationCommands()).toBe(commands);
  });

  it('live only in .lua files: no TypeScript source holds a script', () => {
    const sources = readdirSync(SOURCE, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    expect(sources.length).toBeGreaterThan(20);
    for (const file of sources)
      expect(readFileSync(new URL(file, SOURCE), 'utf8')).not.toMatch(/redis\.call\(/);
  });
});
