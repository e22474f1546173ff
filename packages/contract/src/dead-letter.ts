import { z } from 'zod';
import { timestamp } from './fields.js';
import { REJECTION_REASONS, type RejectionReason } from './rejection.js';
import { CONTRACT_VERSION } from './vocabulary.js';

const base64 = z.base64({ error: 'expected base64' });

/** What slawatch publishes to the dead-letter topic for every record it refuses. */
export const deadLetterRecordSchema = z
  .object({
    reason: z.enum(REJECTION_REASONS).describe('Machine-readable reason; one of the rejection reasons.'),
    message: z.string().describe('The failing path, what was expected and what was found.'),
    source: z
      .object({
        topic: z.string().min(1),
        partition: z.number().int().nonnegative(),
        // Kafka offsets are 64-bit; a decimal string keeps them exact in JSON.
        offset: z.string().regex(/^\d+$/),
      })
      .describe('Where the refused record was read.'),
    key: z
      .string()
      .nullable()
      .describe('The record key decoded as UTF-8, for reading; null when there was none.'),
    keyBase64: base64
      .nullable()
      .describe('The record key bytes exactly as received; null when there was none.'),
    valueBase64: base64
      .nullable()
      .describe('The record value bytes exactly as received; null for a null value (tombstone).'),
    headers: z.record(z.string(), base64).describe('Record headers, each value base64 of its bytes.'),
    rejectedAt: timestamp('When slawatch refused the record.'),
    contractVersion: z
      .literal(CONTRACT_VERSION)
      .describe('The contract version the record was checked against.'),
  })
  .meta({
    title: 'slawatch dead-letter record',
    description:
      'A record refused by the contract check, with its original bytes so it can be replayed once fixed.',
  });
export type DeadLetterRecord = z.output<typeof deadLetterRecordSchema>;

/** A header value as Kafka clients hand it over; repeated headers arrive as arrays. */
export type HeaderValue = Buffer | string | ReadonlyArray<Buffer | string> | undefined;

export interface DeadLetterInput {
  reason: RejectionReason;
  message: string;
  topic: string;
  partition: number;
  offset: string | number | bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Readonly<Record<string, HeaderValue>>;
  /** Epoch milliseconds or a Date. */
  rejectedAt: number | Date;
}

function headerBytes(value: Buffer | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/**
 * Builds the dead-letter record for a refused Kafka record. A header repeated
 * under one name keeps only its first value, as @slawatch/kafka does (the
 * record format has one value per name); key and value bytes are always kept
 * exactly.
 */
export function deadLetterRecord(input: DeadLetterInput): DeadLetterRecord {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (value === undefined) continue;
    const first = Buffer.isBuffer(value) || typeof value === 'string' ? value : value[0];
    if (first !== undefined) headers.push([name, headerBytes(first).toString('base64')]);
  }
  return {
    reason: input.reason,
    message: input.message,
    source: { topic: input.topic, partition: input.partition, offset: String(input.offset) },
    key: input.key === null ? null : input.key.toString('utf8'),
    keyBase64: input.key === null ? null : input.key.toString('base64'),
    valueBase64: input.value === null ? null : input.value.toString('base64'),
    // fromEntries defines own properties, so even a header named "__proto__" is kept as data.
    headers: Object.fromEntries(headers),
    rejectedAt: new Date(input.rejectedAt).toISOString(),
    contractVersion: CONTRACT_VERSION,
  };
}

/** The original record bytes, for replaying a dead letter once its publisher is fixed. */
export function originalBytesOf(record: DeadLetterRecord): {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
} {
  const headers = Object.fromEntries(
    Object.entries(record.headers).map(([name, value]) => [name, Buffer.from(value, 'base64')]),
  );
  return {
    key: record.keyBase64 === null ? null : Buffer.from(record.keyBase64, 'base64'),
    value: record.valueBase64 === null ? null : Buffer.from(record.valueBase64, 'base64'),
    headers,
  };
}
