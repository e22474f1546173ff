/**
 * bench/RESULTS.md holds one section per benchmark. A run replaces only its
 * own section, so figures measured at different times stay side by side.
 */
import type { Figures } from './benchmark.js';

export const RESULTS_HEADER = `# Benchmark results

Each section is written by \`bash scripts/bench.sh <name>\`, which replaces that section only.
Every benchmark starts its own Kafka broker (infra/kafka) and Redis (infra/redis) on the machine it runs on,
so the broker and Redis share its cores: compare ratios, not seconds.
`;

export interface Measurement {
  name: string;
  description: string;
  /** The command line that produced the figures. */
  command: string;
  measuredAt: Date;
  machine: string;
  figures: Figures;
  /** Replaces the figure/value rows when given (see Benchmark.table). */
  table?: string;
}

export function sectionText(measurement: Measurement): string {
  const rows = Object.entries(measurement.figures).map(
    ([key, value]) => `| ${key} | ${JSON.stringify(value)} |`,
  );
  return [
    `## ${measurement.name}`,
    '',
    `${measurement.description}.`,
    '',
    `Measured ${measurement.measuredAt.toISOString()} on ${measurement.machine}, with \`${measurement.command}\`.`,
    '',
    ...(measurement.table === undefined
      ? ['| figure | value |', '| --- | --- |', ...rows]
      : [measurement.table]),
    '',
  ].join('\n');
}

/**
 * `document` with the section headed `## name` replaced by `section`, or
 * with `section` added at the end when there is none. A section runs up to
 * the next `## ` heading; the others are kept as they are.
 */
export function withSection(document: string, name: string, section: string): string {
  const source = document.trim() === '' ? RESULTS_HEADER : document;
  // The preamble, then one block per section.
  const blocks = source.split(/\n(?=## )/);
  const index = blocks.findIndex((block) => block.split('\n', 1)[0] === `## ${name}`);
  if (index < 0) blocks.push(section);
  else blocks[index] = section;
  return blocks.map((block) => `${block.trimEnd()}\n`).join('\n');
}
