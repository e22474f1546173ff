import {
  type ContractChecks,
  type ContractEvent,
  type TopicFamily,
  topicFamilyOf,
  validateEvent,
} from '@slawatch/contract';
import { unknownFields } from './unknown-fields.js';

export interface CheckedLine {
  line: number;
  event?: ContractEvent;
  family?: TopicFamily;
  error?: string;
}

export interface LineChecks extends ContractChecks {
  /** Refuse fields the contract does not define. */
  strict?: boolean;
}

/**
 * Checks a JSON-lines file against the contract, line by line: each line is
 * one CloudEvent whose subject is the waybill (and so the record key).
 * Blank lines are skipped; line numbers count from 1 as editors show them.
 */
export function checkLines(text: string, options: LineChecks): CheckedLine[] {
  const out: CheckedLine[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      out.push({
        line,
        error: `invalid_json: expected one JSON object per line (${(error as Error).message})`,
      });
      return;
    }
    const subject = (value as { subject?: unknown } | null)?.subject;
    const result = validateEvent(value, typeof subject === 'string' ? subject : undefined, options);
    if (!result.ok) {
      out.push({ line, error: `${result.reason}: ${result.message}` });
      return;
    }
    const unknown = options.strict ? unknownFields(value as Record<string, unknown>, result.event.type) : [];
    if (unknown.length > 0) {
      out.push({ line, error: `unknown_field: the contract defines no ${unknown.join(', ')} (--strict)` });
      return;
    }
    out.push({ line, event: result.event, family: topicFamilyOf(result.event.type) });
  });
  return out;
}
