import { runFromEnvironment } from '@slawatch/lifecycle';
import { createEscalationService, DEFAULT_PORT } from './escalation-service.js';

await runFromEnvironment({ name: 'escalation', defaultPort: DEFAULT_PORT, create: createEscalationService });
