import type { Redis } from '@slawatch/redis';
import { Keys } from './keys.js';

/** What a count is about; the monitor writes one hash per partition and order day. */
export interface CountedCell {
  day: string;
  standard: string;
  segment: string;
  product: string;
  route: string;
}

/** One cell's counts summed over the partitions: quantity (`judged`, `met`, `breached.<level>`) → count. */
export interface CellCounts extends CountedCell {
  counts: Record<string, number>;
}

/** The field of one quantity of a cell in a day's hash. */
export function attainmentField(cell: Omit<CountedCell, 'day'>, quantity: string): string {
  return attainmentFieldPrefix(cell) + quantity;
}

/** A cell's fields without the quantity, for a caller that adds several quantities of one cell. */
export function attainmentFieldPrefix(cell: Omit<CountedCell, 'day'>): string {
  return `${cell.standard}|${cell.segment}|${cell.product}|${cell.route}|`;
}

/**
 * Reads the attainment counts the commit script keeps (keys.ts): one hash per
 * input partition and order day, summed here over the partitions. One command
 * per partition and day, sent together; in a Redis Cluster each goes to its slot.
 */
export class AttainmentCounts {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix: string },
  ) {
    this.keys = new Keys(options.prefix, 1);
  }

  async read(options: { partitions: number; days: string[] }): Promise<CellCounts[]> {
    const requests: Array<Promise<[string, Record<string, string>]>> = [];
    for (const day of options.days) {
      for (let partition = 0; partition < options.partitions; partition++) {
        const key = this.keys.attainment(partition, day);
        requests.push(this.redis.hgetall(key).then((fields) => [day, fields]));
      }
    }
    const cells = new Map<string, CellCounts>();
    for (const [day, fields] of await Promise.all(requests)) {
      for (const [field, value] of Object.entries(fields)) {
        const parts = field.split('|');
        if (parts.length !== 5) continue;
        const [standard, segment, product, route, quantity] = parts as [
          string,
          string,
          string,
          string,
          string,
        ];
        const key = `${day}|${standard}|${segment}|${product}|${route}`;
        const cell = cells.get(key) ?? { day, standard, segment, product, route, counts: {} };
        cells.set(key, cell);
        cell.counts[quantity] = (cell.counts[quantity] ?? 0) + Number(value);
      }
    }
    return [...cells.values()];
  }
}
