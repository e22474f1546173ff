import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  durationMilliseconds,
  durationText,
  parseConfigText,
  parseDuration,
  problemsFrom,
} from '../src/index.js';

describe('the duration grammar', () => {
  it('reads single and compound durations in every unit', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1d2h3m4s5ms')).toBe(93_784_005);
  });

  it('refuses text outside the grammar', () => {
    for (const text of ['2 hours', '15 minutes', '', 'h', '1.5h', '-1h', '1w', ' 2h'])
      expect(() => parseDuration(text), text).toThrow(/not a duration/);
  });

  it('gives the same expectation in every file, naming the path and what was found', () => {
    const file = z.object({ wait: durationMilliseconds(), limit: durationText() });
    expect(file.parse({ wait: '15m', limit: '1h30m' })).toEqual({ wait: 900_000, limit: '1h30m' });
    const result = file.safeParse({ wait: 'soon', limit: 12 });
    expect(result.success).toBe(false);
    if (!result.success) {
      const messages = problemsFrom(result.error, { wait: 'soon', limit: 12 }).map(
        (problem) => `${problem.path}: ${problem.message}`,
      );
      expect(messages).toEqual([
        'wait: expected a duration such as "2h", "30m", "45s", "3d" or "1h30m", got "soon"',
        'limit: expected a duration such as "2h", "30m", "45s", "3d" or "1h30m", got 12',
      ]);
    }
  });

  it('stops a file with a bad duration naming the file, the path and the expectation', () => {
    const schema = z.object({ steps: z.array(z.object({ wait: durationMilliseconds() })) });
    expect(() => parseConfigText('escalation/demo.yaml', 'steps:\n  - wait: 15 minutes\n', schema)).toThrow(
      'escalation/demo.yaml is not valid:\n  line 2, steps[0].wait: expected a duration such as "2h", "30m", "45s", "3d" or "1h30m", got "15 minutes"',
    );
  });
});
