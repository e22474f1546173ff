import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigFileError, describeKind, parseConfigText, problemsFrom } from '../src/index.js';

describe('problemsFrom', () => {
  it('names the path and the value found', () => {
    const schema = z.object({ data: z.object({ pieces: z.number().int().positive() }) });
    const input = { data: { pieces: 'three' } };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    const [problem] = problemsFrom(result.error, input);
    expect(problem?.path).toBe('data.pieces');
    expect(problem?.message).toMatch(/expected number/);
    expect(problem?.message).toMatch(/got string|"three"/);
  });

  it('renders array indices', () => {
    const schema = z.object({ items: z.array(z.object({ sku: z.string() })) });
    const input = { items: [{ sku: 'a' }, { sku: 7 }] };
    const result = schema.safeParse(input);
    if (result.success) throw new Error('should fail');
    expect(problemsFrom(result.error, input)[0]?.path).toBe('items[1].sku');
  });
});

describe('parseConfigText', () => {
  const schema = z.object({ version: z.string(), limits: z.array(z.object({ hours: z.number() })) });

  it('names the file and the path inside it', () => {
    const text = 'version: "1"\nlimits:\n  - hours: 2\n  - hours: two\n';
    expect(() => parseConfigText('standards/x.yaml', text, schema)).toThrowError(
      /standards\/x\.yaml is not valid:\n\s+line 4, limits\[1\]\.hours: .*expected number/,
    );
  });

  it('reports YAML syntax errors with a line', () => {
    try {
      parseConfigText('f.yaml', 'version: "1"\nlimits: [\n', schema);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigFileError);
      expect((error as ConfigFileError).problems[0]?.path).toMatch(/^line \d+/);
    }
  });

  it('returns the parsed value when valid', () => {
    expect(parseConfigText('f.yaml', 'version: "2"\nlimits: [{hours: 1}]', schema)).toEqual({
      version: '2',
      limits: [{ hours: 1 }],
    });
  });
});

describe('describeKind', () => {
  it('says what kind of value was found, never its content', () => {
    expect(describeKind('13800138000')).toBe('a string of 11 characters');
    expect(describeKind(13800138000)).toBe('a number');
    expect(describeKind(undefined)).toBe('nothing');
    expect(describeKind(null)).toBe('null');
    expect(describeKind(false)).toBe('a boolean');
    expect(describeKind(['13800138000'])).toBe('an array');
    expect(describeKind({ phone: '13800138000' })).toBe('an object');
  });
});
