import { runFromEnvironment } from '@slawatch/lifecycle';
import { FaultProfileError } from '@slawatch/network-simulation';
import { createSimulator } from './simulator.js';

await runFromEnvironment({
  name: 'simulator',
  defaultPort: 9103,
  create: createSimulator,
  configurationErrors: [FaultProfileError],
});
