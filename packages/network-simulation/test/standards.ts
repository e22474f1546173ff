import { fileURLToPath } from 'node:url';
import { loadStandards } from '@slawatch/standards';

/** The demo standards (limits in seconds) that the simulator is tuned for, read as the service reads them. */
export const DEMO_STANDARDS = loadStandards(
  fileURLToPath(new URL('../../../standards/demo.yaml', import.meta.url)),
);
export const DEFAULT_STANDARDS = loadStandards(
  fileURLToPath(new URL('../../../standards/default.yaml', import.meta.url)),
);

export const START_MS = Date.UTC(2026, 10, 29, 1, 0, 0);
