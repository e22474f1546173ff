import type { StandardsFile } from '@slawatch/standards';
import { reviewHtml } from './html-format.js';
import type { Language } from './labels.js';
import { buildReview, type DayCell, type Dimension, daysBetween, type Review } from './review.js';
import { reviewCsv, reviewTable } from './text-formats.js';

/** Where the counts come from: the monitor's Redis (AttainmentCounts), or a what-if replay in memory. */
export interface CountsSource {
  read(options: { partitions: number; days: string[] }): Promise<DayCell[]>;
}

export interface ReviewQuery {
  file: StandardsFile;
  from: string;
  to: string;
  by: ReadonlyArray<Dimension>;
  partitions: number;
}

/** Reads the period's counts and builds its review. */
export async function readReview(source: CountsSource, query: ReviewQuery): Promise<Review> {
  const cells = await source.read({ partitions: query.partitions, days: daysBetween(query.from, query.to) });
  return buildReview({ file: query.file, cells, from: query.from, to: query.to, by: query.by });
}

export type ReviewFormat = 'table' | 'csv' | 'json' | 'html';

/** The review in one of its four forms, as the CLI and the ops API give it. */
export function formatReview(review: Review, format: ReviewFormat, language: Language = 'zh'): string {
  switch (format) {
    case 'table':
      return reviewTable(review);
    case 'csv':
      return reviewCsv(review);
    case 'json':
      return JSON.stringify(review, null, 2);
    case 'html':
      return reviewHtml(review, { language });
  }
}

/** The first day whose counts are still kept, given the retention in days and today's date. */
export function oldestKeptDay(retentionDays: number, nowMs: number): string {
  return new Date(nowMs - retentionDays * 86_400_000).toISOString().slice(0, 10);
}
