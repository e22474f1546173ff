export { ConfigFileError, loadConfigFile, parseConfigText } from './config-file.js';
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
