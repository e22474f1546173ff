/**
 * Runs one benchmark, replaces its section of bench/RESULTS.md, and prints
 * its figures as one JSON object on the last line of standard output, for
 * scripts: `bash scripts/bench.sh ingestion --quick | tail -1`. Without a
 * name it lists the benchmarks.
 *
 *   bash scripts/bench.sh [NAME [--quick]]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Benchmark } from './benchmark.js';
import { BENCHMARK_MODULES } from './benchmarks.js';
import { root } from './local-infra.js';
import { sectionText, withSection } from './results-file.js';

const RESULTS = join(root, 'bench/RESULTS.md');
const USAGE = 'usage: bash scripts/bench.sh NAME [--quick]';

/** The benchmarks that load; a module that does not is named on standard error. */
async function loadBenchmarks(): Promise<Benchmark[]> {
  const loaded = await Promise.allSettled(BENCHMARK_MODULES.map((load) => load()));
  return loaded.flatMap((result) => {
    if (result.status === 'fulfilled') return [result.value.benchmark];
    console.error(`a benchmark module did not load: ${String(result.reason)}`);
    return [];
  });
}

/** One line a benchmark: its name and what it measures. */
function list(benchmarks: Benchmark[]): string {
  const width = Math.max(...benchmarks.map((benchmark) => benchmark.name.length));
  const lines = benchmarks.map((benchmark) => `${benchmark.name.padEnd(width)}  ${benchmark.description}`);
  return lines.join('\n');
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The benchmark's name (none: list them) and the options, or a usage message and exit 2. */
function commandLine(): { name: string | undefined; extra: string[]; quick: boolean } {
  try {
    const { positionals, values } = parseArgs({
      allowPositionals: true,
      options: { quick: { type: 'boolean' } },
    });
    const [name, ...extra] = positionals;
    return { name, extra, quick: values.quick === true };
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
}

const { name, extra, quick } = commandLine();
const benchmarks = await loadBenchmarks();
if (name === undefined) {
  console.log(list(benchmarks));
  process.exit(0);
}
const benchmark = benchmarks.find((candidate) => candidate.name === name);
if (!benchmark) fail(`no benchmark "${name}"; there are:\n${list(benchmarks)}`);
if (extra.length > 0) fail(USAGE);

try {
  const figures = await benchmark.run({ quick });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const section = sectionText({
    name: benchmark.name,
    description: benchmark.description,
    command: `bash scripts/bench.sh ${benchmark.name}${quick ? ' --quick' : ''}`,
    measuredAt: new Date(),
    machine,
    figures,
    ...(benchmark.table ? { table: benchmark.table(figures) } : {}),
  });
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  writeFileSync(RESULTS, withSection(current, benchmark.name, section));
  console.error(`wrote the ${benchmark.name} section of bench/RESULTS.md`);
  console.log(JSON.stringify({ bench: benchmark.name, quick, ...figures }));
  // Clients of the stopped broker and Redis may keep timers alive; the figures are out.
  process.exit(0);
} catch (error) {
  console.error(`bench ${benchmark.name} failed:`, error);
  process.exit(1);
}
