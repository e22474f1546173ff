import { sampleEvent } from '@slawatch/contract';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/arguments.js';
import { ProgressLine, progressText } from '../src/progress.js';
import { unknownFields } from '../src/unknown-fields.js';

describe('the command line', () => {
  it('reads publish with its options, - for standard input', () => {
    expect(
      parseCommand(['publish', '-', '--skip-invalid', '--strict', '--brokers', 'localhost:29092']),
    ).toEqual({
      kind: 'publish',
      options: { input: '-', skipInvalid: true, dryRun: false, strict: true, brokers: 'localhost:29092' },
    });
    expect(parseCommand(['publish', 'a.jsonl', '-h'])).toEqual({ kind: 'help' });
  });

  it('answers every mistake with one line naming what to type', () => {
    const mistakes: Array<[string[], string]> = [
      [['publish', '--skip-invlid', 'a'], 'unknown option --skip-invlid (did you mean --skip-invalid?); see'],
      [['publish', '-x', 'a'], 'unknown option -x; see'],
      [['publish'], 'publish needs a file of events, or - for standard input; see'],
      [['publish', 'a', 'b'], 'publish takes one file, got also b; see'],
      [['send', 'a'], 'unknown command send, expected publish, report or whatif; see'],
      [['publish', 'a', '--brokers'], '--brokers needs a value; see'],
    ];
    for (const [argv, message] of mistakes) {
      const command = parseCommand(argv);
      expect(command.kind).toBe('usage-error');
      if (command.kind === 'usage-error') {
        expect(command.message.startsWith(message)).toBe(true);
        expect(command.message).not.toContain('\n');
      }
    }
  });
});

describe('the progress line', () => {
  it('shows the count, the rate and the time left', () => {
    expect(progressText(12_000, 100_000, 2_000)).toBe(
      'published 12,000/100,000 (12%) · 6,000 events/s · ETA 15s',
    );
    expect(progressText(0, 10, 0)).toBe('published 0/10 (0%) · 0 events/s · ETA ?');
    expect(progressText(1_000, 1_000_000, 1_000)).toContain('ETA 16m39s');
  });

  it('is drawn in place on a terminal, a few times a second, and never into a pipe', () => {
    let now = 0;
    const terminal: string[] = [];
    const line = new ProgressLine({
      total: 3000,
      stream: { isTTY: true, write: (t) => terminal.push(t) },
      now: () => now,
    });
    now = 100;
    line.update(1000);
    now = 200;
    line.update(2000); // too soon after the last: skipped
    now = 300;
    line.update(3000); // the last one is always drawn
    line.finish();
    expect(terminal).toEqual([
      '\r\x1b[Kpublished 1,000/3,000 (33%) · 10,000 events/s · ETA 0s',
      '\r\x1b[Kpublished 3,000/3,000 (100%) · 10,000 events/s · ETA 0s',
      '\n',
    ]);
    const pipe: string[] = [];
    const quiet = new ProgressLine({ total: 10, stream: { isTTY: false, write: (t) => pipe.push(t) } });
    quiet.update(10);
    quiet.finish();
    expect(pipe).toEqual([]);
  });
});

describe('--strict', () => {
  it('finds fields the contract does not define inside data, and leaves CloudEvents extensions alone', () => {
    const event = sampleEvent('order.created') as unknown as Record<string, unknown>;
    expect(unknownFields(event, 'order.created')).toEqual([]);
    const data = event['data'] as Record<string, unknown>;
    const edited = {
      ...event,
      tracestate: 'x',
      data: { ...data, promisedDeliverBy: 'x', origin: { ...(data['origin'] as object), provnce: 'x' } },
    };
    expect(unknownFields(edited, 'order.created')).toEqual(['data.origin.provnce', 'data.promisedDeliverBy']);
  });
});

describe('report and whatif arguments', () => {
  it('reads the period, breakdown, format and language', async () => {
    const { parseReviewCommand } = await import('../src/review-arguments.js');
    expect(
      parseReviewCommand('report', [
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-30',
        '--by',
        'segment,route',
        '--format',
        'html',
      ]),
    ).toMatchObject({
      kind: 'report',
      options: {
        from: '2026-11-01',
        to: '2026-11-30',
        by: ['segment', 'route'],
        format: 'html',
        language: 'zh',
      },
    });
    expect(
      parseReviewCommand('whatif', [
        '--standards',
        'p.yaml',
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-01',
        '--by',
        'none',
      ]),
    ).toMatchObject({ kind: 'whatif', options: { proposed: 'p.yaml', by: [] } });
  });

  it('answers each mistake in one line', async () => {
    const { parseReviewCommand } = await import('../src/review-arguments.js');
    const mistakes: Array<[string[], string]> = [
      [['--from', '2026-11-01'], 'report needs --from and --to (YYYY-MM-DD)'],
      [['--from', '2026-11-31', '--to', '2026-12-01'], '--from 2026-11-31: expected a day YYYY-MM-DD'],
      [['--from', '2026-11-05', '--to', '2026-11-01'], '--from 2026-11-05 is after --to 2026-11-01'],
      [
        ['--from', '2026-11-01', '--to', '2026-11-02', '--by', 'colour'],
        '--by colour: expected some of segment, product, route (or none)',
      ],
      [
        ['--from', '2026-11-01', '--to', '2026-11-02', '--format', 'pdf'],
        '--format pdf: expected one of table, csv, json, html',
      ],
      [['--form', '2026-11-01'], 'unknown option --form (did you mean --from?)'],
    ];
    for (const [argv, message] of mistakes) {
      const command = parseReviewCommand('report', argv);
      expect(command).toEqual({ kind: 'usage-error', message: `${message}; see slawatch report --help` });
    }
    expect(parseReviewCommand('whatif', ['--from', '2026-11-01', '--to', '2026-11-02'])).toMatchObject({
      message: 'whatif needs --standards proposed.yaml; see slawatch report --help',
    });
  });
});
