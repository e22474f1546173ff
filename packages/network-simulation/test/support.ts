import { fileURLToPath } from 'node:url';
import { loadStandards, type StandardsFile } from '@slawatch/standards';
import { generateScenario, type Scenario, type ScenarioOptions } from '../src/index.js';

/** The demo standards (limits in seconds) that the simulator is tuned for, read as the service reads them. */
export const DEMO_STANDARDS = loadStandards(
  fileURLToPath(new URL('../../../standards/demo.yaml', import.meta.url)),
);
export const DEFAULT_STANDARDS = loadStandards(
  fileURLToPath(new URL('../../../standards/default.yaml', import.meta.url)),
);

export const START_MS = Date.UTC(2026, 10, 29, 1, 0, 0);

export type TestScenarioOptions = Omit<ScenarioOptions, 'standards' | 'startMs'> & {
  /** Default: the demo standards. */
  standards?: StandardsFile;
  /** Default: {@link START_MS}. */
  startMs?: number;
};

/** The scenario most tests start from: the demo standards, beginning at {@link START_MS}. */
export function testScenario(options: TestScenarioOptions): Scenario {
  return generateScenario({ standards: DEMO_STANDARDS, startMs: START_MS, ...options });
}
