import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadlineDues, orderFactsOf } from '../src/index.js';
import { DEMO_STANDARDS, testScenario } from './support.js';

describe('timing margins', () => {
  it('no stop event happens within 15 % of a limit of the due time it is judged against', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const { shipments } = testScenario({ seed, shipments: 20, faults: 'chaos' });
        for (const { plan } of shipments) {
          const order = orderFactsOf(DEMO_STANDARDS, plan.events)!;
          for (const standard of DEMO_STANDARDS.standards) {
            if (standard.rule.kind !== 'deadline') continue;
            const { stop: stopTypes } = standard.rule;
            const stop = plan.events
              .filter((e) => stopTypes.includes(e.type))
              .sort((a, b) => a.timeMs - b.timeMs)[0];
            if (!stop) continue;
            for (const due of deadlineDues(DEMO_STANDARDS, standard, order, plan.events)) {
              const margin = 0.15 * (due.dueMs - due.anchorMs);
              expect(
                Math.abs(stop.timeMs - due.dueMs),
                `${plan.waybill} ${standard.id} ${due.level}`,
              ).toBeGreaterThanOrEqual(margin - 1);
            }
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});
