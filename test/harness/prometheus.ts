import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { eventually } from './metrics.js';

const PROMETHEUS = process.env['PROMETHEUS'] ?? '/usr/bin/prometheus';

export interface Series {
  __name__: string;
  [label: string]: string;
}

export interface PrometheusOptions {
  /** Scrape job name → host:port of its /metrics. */
  targets: Record<string, string>;
  ruleFile: string;
  /** Where the stop-and-clean-up step is pushed, for the test's afterAll. */
  cleanups: Array<() => Promise<void>>;
}

export type Prometheus = Awaited<ReturnType<typeof startPrometheus>>;

/** A real Prometheus on a free port, scraping each target every second into a throwaway TSDB. */
export async function startPrometheus({ targets, ruleFile, cleanups }: PrometheusOptions) {
  if (!existsSync(PROMETHEUS)) {
    throw new Error(
      `prometheus not found at ${PROMETHEUS}: install it (apt-get install prometheus) or set PROMETHEUS`,
    );
  }
  const folder = mkdtempSync(join(tmpdir(), 'slawatch-prometheus-'));
  const port = await freePort();
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [ruleFile],
    scrape_configs: Object.entries(targets).map(([job, target]) => ({
      job_name: job,
      static_configs: [{ targets: [target] }],
    })),
  };
  writeFileSync(join(folder, 'prometheus.yml'), JSON.stringify(config));
  const output: string[] = [];
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(folder, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(folder, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually('Prometheus ready', async () => {
      if (child.exitCode !== null) throw new Error('exited');
      return (await fetch(`${url}/-/ready`)).ok;
    });
  } catch (error) {
    throw new Error(`Prometheus did not start: ${String(error)}\n${output.join('').slice(-3000)}`);
  }

  async function api<T>(path: string, params: Record<string, string>): Promise<T> {
    const response = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error}`);
    return body.data;
  }
  return {
    async query(expr: string): Promise<Array<{ metric: Series; value: [number, string] }>> {
      return (
        await api<{ result: Array<{ metric: Series; value: [number, string] }> }>('query', { query: expr })
      ).result;
    },
    series: (match: string) => api<Series[]>('series', { 'match[]': match }),
  };
}
