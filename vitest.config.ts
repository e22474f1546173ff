import { defineConfig } from 'vitest/config';

// Three projects: `unit` tests the pure core with no I/O and starts nothing;
// `integration` runs against one real Kafka broker and one real Redis that
// test/harness/global-setup.ts starts for the run and stops afterwards;
// `browser` drives the on-call console in a real headless Chromium against
// the escalation service, its own broker and Redis.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Unit tests run first; the integration group then gets the machine to itself.
          sequence: { groupOrder: 0 },
          include: ['{packages,services}/*/test/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/*.browser.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts', '{packages,services}/*/test/**/*.integration.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Integration tests share one broker; keep CPU for it on 2 cores.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          sequence: { groupOrder: 2 },
          include: ['{packages,services}/*/test/**/*.browser.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/harness/global-setup.ts', 'test/harness/console-bundle.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium and one service: the pages share them.
          maxWorkers: 1,
        },
      },
    ],
  },
});
