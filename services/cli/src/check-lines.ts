import {
  type ContractChecks,
  type ContractEvent,
  type TopicFamily,
  topicFamilyOf,
  validateEvent,
} from '@slawatch/contract';

export interface CheckedLine {
  line: number;
  event?: ContractEvent;
  family?: TopicFamily;
  error?: string;
}

/**
 * Checks a JSON-lines file against the contract, line by line: each line is
 * one CloudEvent whose subject is the waybill (and so the record key).
 * Blank lines are skipped; line numbers count from 1 as editors show them.
 */
export function checkLines(text: string, options: ContractChecks): CheckedLine[] {
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
    if (result.ok) out.push({ line, event: result.event, family: topicFamilyOf(result.event.type) });
    else out.push({ line, error: `${result.reason}: ${result.message}` });
  });
  return out;
}
