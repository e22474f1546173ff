export { closestName, notOneOf } from './closest-name.js';
export {
  type ConfigCheck,
  ConfigFileError,
  ConfigSource,
  loadConfigFile,
  parseConfigText,
  readConfigSource,
} from './config-file.js';
export {
  DURATION_EXPECTATION,
  DURATION_PATTERN,
  durationMilliseconds,
  durationText,
  parseDuration,
} from './duration.js';
export {
  describeKind,
  describeValue,
  formatPath,
  problemsFrom,
  renderProblems,
  type ValidationProblem,
} from './issues.js';
