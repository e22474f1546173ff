/**
 * Writes the Prometheus SLO rules (from standards/default.yaml) and the Grafana
 * dashboard. `--check` writes nothing and exits 1 naming the files that are
 * stale, for CI. `--minimum-outcomes N` overrides the alerts' quiet-segment guard.
 */
import { resolve } from 'node:path';
import { DEFAULT_ALERT_OPTIONS } from './alerting-rules.js';
import { generatedFiles, staleFiles, writeFiles } from './generated-files.js';

const root = resolve(import.meta.dirname, '../../..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const guardIndex = args.indexOf('--minimum-outcomes');
const minimumOutcomes =
  guardIndex >= 0 ? Number(args[guardIndex + 1]) : DEFAULT_ALERT_OPTIONS.minimumOutcomes;

try {
  const files = generatedFiles(root, { minimumOutcomes });
  const stale = staleFiles(root, files);
  if (check) {
    if (stale.length > 0) {
      console.error(
        `stale generated files (run npx tsx packages/slo-rules/src/main.ts):\n  ${stale.join('\n  ')}`,
      );
      process.exit(1);
    }
    console.log('generated SLO rules and dashboard are up to date');
  } else {
    writeFiles(root, files);
    console.log(stale.length > 0 ? `wrote ${stale.join(', ')}` : 'nothing changed');
  }
} catch (error) {
  // A bad standards file (ConfigFileError names file and path) or option: say what, without a stack.
  if (error instanceof Error) {
    console.error(`slo-rules: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
