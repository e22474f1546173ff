import { describe, expect, it } from 'vitest';
import { RESULTS_HEADER, sectionText, withSection } from '../../bench/results-file.js';

const measurement = (name: string, figures: Record<string, unknown>) =>
  sectionText({
    name,
    description: `What ${name} measures`,
    command: `bash scripts/bench.sh ${name}`,
    measuredAt: new Date('2026-12-01T10:00:00.000Z'),
    machine: '2 × test CPU, 4 GiB, Node v20',
    figures,
  });

const document = [
  RESULTS_HEADER,
  measurement('ingestion', { ratio: 0.114 }),
  measurement('store', { redisBytesPerShipment: 125.5 }),
  measurement('detection', { precision: 1, missed: [] }),
].join('\n');

describe('the benchmark results file', () => {
  it('writes a section with the description, when and how it was measured, and a row per figure', () => {
    expect(measurement('detection', { precision: 1, missed: ['a|open'] })).toBe(
      [
        '## detection',
        '',
        'What detection measures.',
        '',
        'Measured 2026-12-01T10:00:00.000Z on 2 × test CPU, 4 GiB, Node v20, with `bash scripts/bench.sh detection`.',
        '',
        '| figure | value |',
        '| --- | --- |',
        '| precision | 1 |',
        '| missed | ["a|open"] |',
        '',
      ].join('\n'),
    );
  });

  it('replaces only the section of the benchmark that ran, wherever it stands', () => {
    for (const [name, figures] of [
      ['ingestion', { ratio: 0.2 }],
      ['store', { redisBytesPerShipment: 99 }],
      ['detection', { precision: 0.5 }],
    ] as const) {
      const updated = withSection(document, name, measurement(name, figures));
      const blocks = document.split(/\n(?=## )/);
      const replaced = blocks.find((block) => block.startsWith(`## ${name}\n`))!;
      for (const block of blocks) {
        if (block === replaced) expect(updated).not.toContain(block.trimEnd());
        else expect(updated).toContain(block);
      }
      expect(updated).toContain(measurement(name, figures));
      expect(updated.split(`## ${name}\n`)).toHaveLength(2);
    }
  });

  it('keeps the file as it was when a section is written again with the same content', () => {
    expect(withSection(document, 'store', measurement('store', { redisBytesPerShipment: 125.5 }))).toBe(
      document,
    );
  });

  it('adds a section for a benchmark that has none yet at the end, and starts a missing file with the header', () => {
    const escalation = measurement('escalation', { recordToNotificationP99Ms: 40 });
    expect(withSection(document, 'escalation', escalation)).toBe(`${document}\n${escalation}`);
    expect(withSection('', 'escalation', escalation)).toBe(`${RESULTS_HEADER}\n${escalation}`);
  });
});
