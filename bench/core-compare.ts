/**
 * Compares the core benchmark (bench/core.ts) of two checkouts in one
 * process, runs alternated, so that both see the same load on this shared
 * machine: far steadier than two benchmark runs one after the other.
 *
 *   git worktree add --detach /tmp/before <commit>   # and install it
 *   node --conditions=source --import tsx bench/core-compare.ts /tmp/before . [--runs 4]
 *   node --conditions=source --import tsx bench/core-compare.ts /tmp/before . --allocations
 *   node --conditions=source --import tsx bench/core-compare.ts /tmp/before . --shape live
 *
 * Prints one JSON object: per checkout the median, mean and least CPU per
 * event over every warm round, and `ratio` (after ÷ before, medians). With
 * `--allocations` it reports instead the bytes each checkout's pure path
 * allocates per event (V8's sampling heap profiler, collected objects
 * included; the benchmark's own record generation left out), which does not
 * move with the machine's load at all. `--shape` picks the batches: `backlog`
 * (the default; several events per waybill and batch) or `live` (one each; a
 * checkout whose bench/core.ts predates the live shape cannot run it).
 */
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Benchmark } from './benchmark.js';

interface CoreFigures {
  events: number;
  rounds: number;
  cpuMicrosPerEventRounds?: number[];
  cpuMicrosPerEventLiveRounds?: number[];
}

interface SampledNode {
  selfSize: number;
  children: SampledNode[];
  callFrame: { functionName: string };
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '4' },
    allocations: { type: 'boolean', default: false },
    shape: { type: 'string', default: 'backlog' },
  },
});
if (positionals.length !== 2 || !['backlog', 'live'].includes(values.shape)) {
  console.error(
    'usage: bench/core-compare.ts BEFORE_DIR AFTER_DIR [--runs N] [--allocations] [--shape backlog|live]',
  );
  process.exit(2);
}
// Read by bench/core.ts: both checkouts measure the one shape.
process.env['BENCH_CORE_SHAPES'] = values.shape;

/** The CPU per event of each warm round of the chosen shape. */
function roundsOf(figures: CoreFigures): number[] {
  const rounds =
    values.shape === 'live' ? figures.cpuMicrosPerEventLiveRounds : figures.cpuMicrosPerEventRounds;
  if (!rounds) throw new Error(`a checkout's bench/core.ts does not measure the ${values.shape} shape`);
  return rounds;
}
const checkouts = positionals.map((dir) => resolve(dir));
const benchmarks = await Promise.all(
  checkouts.map(
    async (dir) => ((await import(`${dir}/bench/core.ts`)) as { benchmark: Benchmark }).benchmark,
  ),
);

async function run(benchmark: Benchmark): Promise<CoreFigures> {
  return (await benchmark.run({ quick: false })) as unknown as CoreFigures;
}

/** Bytes allocated per event by one full run, record generation (`batchesOf`) excluded. */
async function allocatedPerEvent(benchmark: Benchmark): Promise<number> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  const figures = await run(benchmark);
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SampledNode } };
  session.disconnect();
  let bytes = 0;
  const walk = (node: SampledNode, generating: boolean) => {
    const inGeneration = generating || node.callFrame.functionName === 'batchesOf';
    if (!inGeneration) bytes += node.selfSize;
    for (const child of node.children) walk(child, inGeneration);
  };
  walk(profile.head, false);
  // One warm-up round besides the measured ones.
  return Math.round(bytes / (figures.events * (figures.rounds + 1)));
}

const [before, after] = benchmarks as [Benchmark, Benchmark];
if (values.allocations) {
  const beforeBytes = await allocatedPerEvent(before);
  const afterBytes = await allocatedPerEvent(after);
  console.log(
    JSON.stringify({
      before: checkouts[0],
      after: checkouts[1],
      bytesPerEventBefore: beforeBytes,
      bytesPerEventAfter: afterBytes,
      ratio: Number((afterBytes / beforeBytes).toFixed(3)),
    }),
  );
} else {
  const rounds: [number[], number[]] = [[], []];
  for (let i = 0; i < Number(values.runs); i++) {
    // Alternate which goes first, so neither always runs on a warmer or colder machine.
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) rounds[which]!.push(...roundsOf(await run(benchmarks[which]!)));
  }
  const summary = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return {
      median: sorted[Math.floor(sorted.length / 2)]!,
      mean: Number((list.reduce((sum, v) => sum + v, 0) / list.length).toFixed(2)),
      least: sorted[0]!,
    };
  };
  const [first, second] = [summary(rounds[0]), summary(rounds[1])];
  console.log(
    JSON.stringify({
      before: { checkout: checkouts[0], ...first },
      after: { checkout: checkouts[1], ...second },
      ratio: Number((second.median / first.median).toFixed(3)),
    }),
  );
}
