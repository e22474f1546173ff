import { LEVELS } from '@slawatch/contract';
import { notOneOf, type ValidationProblem } from '@slawatch/validation';
import { isKnownTimeZone } from './calendar.js';
import { EVENT_TYPES } from './event-types.js';
import type { LimitEntry, StandardsFile } from './schema.js';

/** Splits `dispatch.picked_up.pieces` into the event type and the field. */
export function splitRememberedReference(reference: string): { type: string; field: string } {
  const dot = reference.lastIndexOf('.');
  return { type: reference.slice(0, dot), field: reference.slice(dot + 1) };
}

/**
 * Checks what the schema alone cannot: names that must refer to something declared
 * elsewhere in the file, and references between standards that must not loop.
 */
export function crossCheck(file: StandardsFile): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const segments = new Set<string>(file.segments);
  const products = new Set<string>(file.products);
  const report = (path: string, message: string) => problems.push({ path, message });

  if (!isKnownTimeZone(file.timezone)) {
    report('timezone', `expected an IANA time zone such as Asia/Shanghai, got unknown "${file.timezone}"`);
  }

  const byId = new Map<string, number>();
  file.standards.forEach((standard, index) => {
    if (byId.has(standard.id)) report(`standards[${index}].id`, `duplicate standard id "${standard.id}"`);
    else byId.set(standard.id, index);
  });

  const checkNames = (
    path: string,
    names: ReadonlyArray<string> | undefined,
    known: Set<string>,
    what: string,
  ) => {
    names?.forEach((value, i) => {
      if (!known.has(value))
        report(`${path}[${i}]`, `unknown ${what}: ${notOneOf(value, [...known], `"${value}"`)}`);
    });
  };

  const segmentKeys = ['default', ...file.segments];
  const checkSegmentKeys = (path: string, keys: string[]) => {
    for (const key of keys) {
      if (key !== 'default' && !segments.has(key)) {
        report(`${path}.${key}`, `unknown segment: ${notOneOf(key, segmentKeys, `"${key}"`)}`);
      }
    }
  };
  const deadlineIds = file.standards.filter((s) => s.rule.kind === 'deadline').map((s) => s.id);

  const references = new Map<string, string[]>();
  file.standards.forEach((standard, index) => {
    const at = `standards[${index}]`;
    checkNames(`${at}.appliesTo.segments`, standard.appliesTo.segments, segments, 'segment');
    checkNames(`${at}.appliesTo.products`, standard.appliesTo.products, products, 'product');
    if (typeof standard.severity === 'object')
      checkSegmentKeys(`${at}.severity`, Object.keys(standard.severity));
    if (standard.objectives && typeof standard.objectives.target === 'object') {
      checkSegmentKeys(`${at}.objectives.target`, Object.keys(standard.objectives.target));
    }
    const rule = standard.rule;
    if (rule.kind === 'deadline' || rule.kind === 'silence') {
      const targets: string[] = [];
      rule.limits.forEach((entry: LimitEntry, i) => {
        const entryAt = `${at}.rule.limits[${i}]`;
        checkNames(`${entryAt}.when.segment`, entry.when?.segment, segments, 'segment');
        checkNames(`${entryAt}.when.product`, entry.when?.product, products, 'product');
        if (rule.kind === 'silence' && entry.from !== undefined) {
          report(`${entryAt}.from`, 'a silence limit is measured from the last event and takes no "from"');
        }
        for (const level of LEVELS) {
          const limit = entry[level];
          if (limit === undefined) continue;
          if (rule.kind === 'silence' && typeof limit !== 'string') {
            report(`${entryAt}.${level}`, 'a silence threshold must be a duration such as "24h"');
          }
          if (typeof limit === 'object' && 'of' in limit) {
            const target = byId.get(limit.of);
            if (target === undefined || file.standards[target]!.rule.kind !== 'deadline') {
              const what = target === undefined ? 'unknown standard' : 'not a deadline standard';
              report(
                `${entryAt}.${level}.of`,
                `${what}: ${notOneOf(limit.of, deadlineIds, `"${limit.of}"`)}`,
              );
            } else targets.push(limit.of);
          }
        }
      });
      references.set(standard.id, targets);
    }
    if (rule.kind === 'condition') {
      rule.anyOf.forEach((clause, i) => {
        const compare = clause.compare;
        if (!compare) return;
        const reference =
          compare.lessThan ?? compare.greaterThan ?? compare.equals ?? compare.notEquals ?? '';
        const { type } = splitRememberedReference(reference);
        if (!(EVENT_TYPES as ReadonlyArray<string>).includes(type)) {
          report(
            `${at}.rule.anyOf[${i}].compare`,
            `unknown event type in "${reference}": ${notOneOf(type, EVENT_TYPES, `"${type}"`)}`,
          );
        }
      });
    }
  });

  // A standard whose due time is measured from another's must not, through others, depend on itself.
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string): boolean => {
    if (done.has(id)) return false;
    if (visiting.has(id)) return true;
    visiting.add(id);
    const loops = (references.get(id) ?? []).some(visit);
    visiting.delete(id);
    done.add(id);
    return loops;
  };
  file.standards.forEach((standard, index) => {
    if (!done.has(standard.id) && visit(standard.id)) {
      report(
        `standards[${index}].rule.limits`,
        `standard "${standard.id}" refers back to itself through "of"`,
      );
    }
  });
  return problems;
}
