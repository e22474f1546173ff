import { parseDuration, type StandardsFile } from '@slawatch/standards';

/** One service-level objective: a standard's target ratio of met outcomes for one segment. */
export interface SegmentObjective {
  standard: string;
  title: string;
  titleZh: string | undefined;
  segment: string;
  /** Ratio of decided outcomes that must be met, e.g. 0.98. */
  target: number;
  /** The rolling window as written in the standards file, e.g. `30d` (also valid PromQL). */
  window: string;
  windowSeconds: number;
}

/** A competitor or industry ratio a standard is compared against, whatever the segment. */
export interface StandardBenchmark {
  standard: string;
  benchmark: number;
}

/**
 * The objectives a standards file states, in file order (standards, then
 * segments), so generated rules come out the same for the same file. A
 * segment gets an objective when the standard applies to it and the target
 * names it, directly or through `default`.
 */
export function segmentObjectivesOf(file: StandardsFile): SegmentObjective[] {
  const objectives: SegmentObjective[] = [];
  for (const standard of file.standards) {
    if (!standard.objectives) continue;
    const { target, window } = standard.objectives;
    const segments = standard.appliesTo.segments ?? file.segments;
    for (const segment of file.segments) {
      if (!segments.includes(segment)) continue;
      const ratio = typeof target === 'number' ? target : (target[segment] ?? target['default']);
      if (ratio === undefined) continue;
      objectives.push({
        standard: standard.id,
        title: standard.title,
        titleZh: standard.titleZh,
        segment,
        target: ratio,
        window,
        windowSeconds: parseDuration(window) / 1000,
      });
    }
  }
  return objectives;
}

export function benchmarksOf(file: StandardsFile): StandardBenchmark[] {
  return file.standards.flatMap((standard) =>
    standard.objectives?.benchmark === undefined
      ? []
      : [{ standard: standard.id, benchmark: standard.objectives.benchmark }],
  );
}
