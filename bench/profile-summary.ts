/**
 * The top self-time functions of a V8 CPU profile (`node --cpu-prof`), as a
 * Markdown table, for bench/RESULTS.md and the notes of an optimisation:
 *
 *   BENCH_CPU_PROFILE_DIR=/tmp/profile bash scripts/bench.sh ingestion
 *   node --import tsx bench/profile-summary.ts /tmp/profile/CPU.*.cpuprofile [--top 25] [--match a,b]
 *
 * `--match` adds the time of the functions whose name or file contains one of
 * the words, with everything they call (inclusive time).
 *
 * With several files (the monitor's main thread and tsx's loader thread) the
 * largest is summarised. Paths are shown from the workspace (packages/…) or
 * the package (kafkajs/…), never this machine's absolute paths.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string, line: number): string {
  if (url === '') return '';
  const modules = url.lastIndexOf('node_modules/');
  const trimmed =
    modules >= 0
      ? url.slice(modules + 'node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '')
      : url.replace(/^.*?\/(packages|services|bench)\//, '$1/');
  // Code run through tsx reports line 0 for every function: then the file alone.
  return `${trimmed.replace(/^file:\/\//, '')}${line > 0 ? `:${line + 1}` : ''}`;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, match: { type: 'string' } },
});
const file = positionals.sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (!file) {
  console.error('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile… [--top N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const byFunction = new Map<string, number>();
let total = 0;
let idle = 0;
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)') {
    idle += micros;
    continue;
  }
  total += micros;
  const name = `${functionName || '(anonymous)'} ${where(url, lineNumber)}`.trim();
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
}
// Inclusive time: each sample counts once for every function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const nodeName = new Map(
  profile.nodes.map((node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    return [node.id, `${functionName || '(anonymous)'} ${where(url, lineNumber)}`.trim()] as const;
  }),
);
const inclusive = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  if (profile.nodes.find((node) => node.id === id)?.callFrame.functionName === '(idle)') continue;
  const names = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) names.add(nodeName.get(at)!);
  for (const name of names) inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
}
const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
console.log(`busy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s\n`);
console.log('| self % | self ms | function |\n|---:|---:|---|');
for (const [name, micros] of rows)
  console.log(
    `| ${((100 * micros) / total).toFixed(1)} | ${(micros / 1000).toFixed(0)} | \`${name.replaceAll('|', '\\|')}\` |`,
  );

const wanted = (values.match ?? '').split(',').filter((part) => part !== '');
if (wanted.length > 0) {
  console.log('\n| total % | total ms | function (with what it calls) |\n|---:|---:|---|');
  const shown = [...inclusive]
    .filter(([name]) => wanted.some((part) => name.includes(part)))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top));
  for (const [name, micros] of shown)
    console.log(
      `| ${((100 * micros) / total).toFixed(1)} | ${(micros / 1000).toFixed(0)} | \`${name.replaceAll('|', '\\|')}\` |`,
    );
}
