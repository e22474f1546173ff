import { buildConsole } from '../../services/escalation/console/build.js';

/** The browser tests' setup: the console's bundle, built as scripts/run.sh builds it. */
export default async function setup() {
  const { bytes } = await buildConsole();
  console.log(`[harness] console built: ${JSON.stringify(bytes)}`);
}
