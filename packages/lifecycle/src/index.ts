export { type ObservedConsumer, registerConsumerMetrics } from './consumer-metrics.js';
export { exitForSupervisor, GAVE_UP_EXIT_CODE } from './exit-for-supervisor.js';
export {
  createServiceHttp,
  type ReadinessAnswer,
  type ReadinessCheck,
  type ServiceHttpOptions,
} from './http-server.js';
export { registerProcessMetrics } from './process-metrics.js';
export { runFromEnvironment, type ServiceEntry, type ServiceParts } from './run-from-environment.js';
export { type RunningService, runService, type ServiceDefinition } from './run-service.js';
