export { ConfigurationError, type Environment, loadEnvironment } from './load.js';
export {
  type ConsumerSettings,
  consumerSettings,
  type EventTimeChecks,
  eventTimeChecks,
  type KafkaSettings,
  kafkaSettings,
  type RedisSettings,
  redisSettings,
  type Topics,
  topics,
  type WatermarkSettings,
  watermarkSettings,
} from './settings.js';
export { VARIABLES, type Variable, type VariableName } from './variables.js';
