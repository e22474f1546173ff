import { describe, expect, it } from 'vitest';
import { EscalationKeys } from '../src/keys.js';
import { queueName } from '../src/queues.js';

/** The part of a key Redis Cluster hashes: the first non-empty `{...}`, else the whole key. */
function hashedPart(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

function everyKey(keys: EscalationKeys): string[] {
  const incident = 'g1.lq2x3';
  return [
    keys.breach('W1:pickup:breach:1'),
    keys.timeline('W1:pickup:breach:1'),
    keys.notified('W2:pickup:breach:1'),
    keys.index(),
    keys.active('critical'),
    keys.consumedOffsets(),
    keys.silences(),
    keys.silenceSuppressed('s1'),
    keys.rateWindow('ops'),
    keys.overflow('ops'),
    keys.digest('daily', 0),
    keys.incidentPointer('g1'),
    keys.incident(incident),
    keys.incidentMembers(incident),
    keys.incidentIndex(),
    keys.activeIncidents('minor'),
    // A BullMQ key: <prefix>:<queue name>:<suffix>.
    `${keys.queuePrefix()}:${queueName('critical')}:wait`,
  ];
}

describe('escalation keys', () => {
  it('on one Redis, stay under <prefix>esc: with a tag per breach, incident group and queue', () => {
    const keys = new EscalationKeys('slawatch:');
    expect(keys.consumedOffsets()).toBe('slawatch:esc:consumed-offsets');
    expect(hashedPart(keys.breach('W1:pickup:breach:1'))).toBe(
      hashedPart(keys.timeline('W1:pickup:breach:1')),
    );
    expect(new Set(everyKey(keys).map(hashedPart)).size).toBeGreaterThan(5);
  });

  it('in a cluster, are all in one slot, so the consumed offsets fail over with the effects before them', () => {
    const keys = new EscalationKeys('slawatch:', { cluster: true });
    expect(new Set(everyKey(keys).map(hashedPart))).toEqual(new Set(['slawatch:esc']));
    // Another deployment's prefix is another slot.
    expect(hashedPart(new EscalationKeys('other:', { cluster: true }).index())).toBe('other:esc');
  });
});
