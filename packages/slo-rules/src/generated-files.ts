import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadStandards } from '@slawatch/standards';
import type { AlertOptions } from './alerting-rules.js';
import { dashboardText, simulatorDashboardText } from './dashboard.js';
import { benchmarksOf, segmentObjectivesOf } from './objectives.js';
import { sliWindowsOf } from './recording-rules.js';
import { generateRules } from './rule-file.js';

/** The standards file whose objectives Prometheus loads (docker-compose mounts infra/prometheus). */
export const STANDARDS_SOURCE = 'standards/default.yaml';
export const RULES_TARGET = 'infra/prometheus/generated/slo-rules.yml';
export const DASHBOARD_TARGET = 'infra/grafana/dashboards/slawatch.json';
export const SIMULATOR_DASHBOARD_TARGET = 'infra/grafana/dashboards/slawatch-simulator.json';

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  content: string;
}

/** Every file the generator owns, as it should be now. */
export function generatedFiles(root: string, options?: AlertOptions): GeneratedFile[] {
  const standards = loadStandards(join(root, STANDARDS_SOURCE));
  return [
    { path: RULES_TARGET, content: generateRules(standards, STANDARDS_SOURCE, options).file },
    {
      path: DASHBOARD_TARGET,
      content: dashboardText(
        sliWindowsOf(standards).map((w) => w.window),
        { objectives: segmentObjectivesOf(standards), benchmarks: benchmarksOf(standards) },
      ),
    },
    { path: SIMULATOR_DASHBOARD_TARGET, content: simulatorDashboardText() },
  ];
}

/** The generated files whose committed content differs from what the generator makes now. */
export function staleFiles(root: string, files: GeneratedFile[]): string[] {
  return files
    .filter((f) => {
      const path = join(root, f.path);
      return !existsSync(path) || readFileSync(path, 'utf8') !== f.content;
    })
    .map((f) => f.path);
}

export function writeFiles(root: string, files: GeneratedFile[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.content);
  }
}
