import { createHash } from 'node:crypto';
import { z } from 'zod';
import { timestamp } from './fields.js';
import { REJECTION_REASONS, type RejectionReason } from './rejection.js';
import { CONTRACT_VERSION } from './vocabulary.js';

const base64 = z.base64({ error: 'expected base64' });

/** How much of the value a reduced copy keeps: enough to see what a record is, always small enough to fit. */
export const REDUCED_HEAD_BYTES = 4096;
/** A reduced copy keeps a key up to this size (longer ones are left out: the source offset finds the record). */
export const REDUCED_KEY_BYTES = 1024;
/** A reduced copy keeps the headers only while they are this small in all. */
export const REDUCED_HEADERS_BYTES = 4096;
/** A reduced copy's message is cut at this many characters. */
export const REDUCED_MESSAGE_CHARACTERS = 2000;

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
      .describe(
        'The record value bytes exactly as received; null for a null value (tombstone) and in a reduced copy.',
      ),
    headers: z
      .record(z.string(), base64)
      .describe(
        `Record headers, each value base64 of its bytes; a reduced copy keeps them only up to ${REDUCED_HEADERS_BYTES} bytes in all.`,
      ),
    reduced: z
      .literal(true)
      .optional()
      .describe(
        'Present (true) when the whole record did not fit the dead-letter topic: the value is described by valueBytes, valueSha256 and valueHeadBase64 instead; the original stays in the source topic for its retention.',
      ),
    valueBytes: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Reduced copy: the size of the value in bytes.'),
    valueSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional()
      .describe('Reduced copy: SHA-256 of the value bytes, lowercase hex, to find and check the original.'),
    valueHeadBase64: base64
      .optional()
      .describe(`Reduced copy: the first ${REDUCED_HEAD_BYTES} bytes of the value (fewer if it is shorter).`),
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

/**
 * The dead-letter record for a refused Kafka record too large to copy whole
 * into the dead-letter topic: where it is (topic, partition, offset), its
 * key, its size, the SHA-256 and the first bytes of its value, and why it was
 * refused. It always fits a topic that accepts the default 1 MB, whatever
 * the original was.
 */
export function reducedDeadLetterRecord(input: DeadLetterInput): DeadLetterRecord {
  const whole = deadLetterRecord({ ...input, value: null });
  const keyKept = input.key !== null && input.key.length <= REDUCED_KEY_BYTES;
  const headerBytesInAll = Object.entries(whole.headers).reduce(
    (sum, [name, value]) => sum + name.length + value.length,
    0,
  );
  const value = input.value ?? Buffer.alloc(0);
  const message =
    input.message.length > REDUCED_MESSAGE_CHARACTERS
      ? `${input.message.slice(0, REDUCED_MESSAGE_CHARACTERS - 1)}…`
      : input.message;
  return {
    ...whole,
    message,
    key: keyKept ? whole.key : null,
    keyBase64: keyKept ? whole.keyBase64 : null,
    headers: headerBytesInAll <= REDUCED_HEADERS_BYTES ? whole.headers : {},
    reduced: true,
    valueBytes: value.length,
    valueSha256: createHash('sha256').update(value).digest('hex'),
    valueHeadBase64: value.subarray(0, REDUCED_HEAD_BYTES).toString('base64'),
  };
}

/**
 * The original record bytes, for replaying a dead letter once its publisher
 * is fixed. A reduced copy does not hold them: it throws, naming where the
 * original is.
 */
export function originalBytesOf(record: DeadLetterRecord): {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
} {
  if (record.reduced) {
    const { topic, partition, offset } = record.source;
    throw new Error(
      `a reduced dead letter holds only the head of the value; read the original from ${topic} partition ${partition} offset ${offset}`,
    );
  }
  const headers = Object.fromEntries(
    Object.entries(record.headers).map(([name, value]) => [name, Buffer.from(value, 'base64')]),
  );
  return {
    key: record.keyBase64 === null ? null : Buffer.from(record.keyBase64, 'base64'),
    value: record.valueBase64 === null ? null : Buffer.from(record.valueBase64, 'base64'),
    headers,
  };
}
