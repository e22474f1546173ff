import { runFromEnvironment } from '@slawatch/lifecycle';
import { createMonitor } from './monitor.js';

await runFromEnvironment({ name: 'monitor', defaultPort: 9101, create: createMonitor });
