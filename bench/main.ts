/**
 * Runs the benchmarks and writes bench/RESULTS.md. Figures are measured side
 * by side in one run on this machine; compare ratios, not seconds.
 *
 *   node --conditions=source --import tsx bench/main.ts [--only ingestion|store|detection] [--quick]
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detectionBenchmark } from './detection.js';
import { ingestionBenchmark } from './ingestion.js';
import { root } from './local-infra.js';
import { storeBenchmark } from './store.js';

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' } } });
const quick = values.quick === true;
const parameters = {
  ingestionShipments: quick ? 5_000 : 25_000,
  storeShipments: quick ? 50_000 : 1_000_000,
  pendingDeadlines: quick ? 10_000 : 100_000,
  detectionShipments: quick ? 200 : 600,
};
const results: Record<string, Record<string, unknown>> = {};
const wanted = (name: string) => !values.only || values.only === name;

if (wanted('ingestion')) results['ingestion'] = await ingestionBenchmark(parameters.ingestionShipments);
if (wanted('store'))
  results['store'] = await storeBenchmark(parameters.storeShipments, parameters.pendingDeadlines);
if (wanted('detection')) results['detection'] = await detectionBenchmark(parameters.detectionShipments);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const lines = [
  '# Benchmark results',
  '',
  `Measured ${new Date().toISOString()} on ${machine}, with \`node --conditions=source --import tsx bench/main.ts${quick ? ' --quick' : ''}\`.`,
  'Each benchmark starts its own Kafka broker (infra/kafka) and Redis (infra/redis) on this machine, so the broker and Redis share its cores.',
  '',
  '## Parameters',
  '',
  '```json',
  JSON.stringify(parameters, null, 2),
  '```',
  '',
];
for (const [name, figures] of Object.entries(results)) {
  lines.push(`## ${name}`, '', '| figure | value |', '| --- | --- |');
  for (const [key, value] of Object.entries(figures)) lines.push(`| ${key} | ${JSON.stringify(value)} |`);
  lines.push('');
}
console.log(JSON.stringify(results, null, 2));
if (!values.only) writeFileSync(join(root, 'bench/RESULTS.md'), `${lines.join('\n')}\n`);
