export { ConfigFileError, loadConfigFile, parseConfigText } from './config-file.js';
export { describeValue, formatPath, problemsFrom, renderProblems, type ValidationProblem } from './issues.js';
