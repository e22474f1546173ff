export { createServiceHttp, type ReadinessCheck, type ServiceHttpOptions } from './http-server.js';
export { type RunningService, runService, type ServiceDefinition } from './run-service.js';
