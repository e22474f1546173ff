import { classifyRoute } from '@slawatch/standards';
import { describe, expect, it } from 'vitest';
import { HUBS, PROVINCES, SEGMENT_SHARES } from '../src/index.js';
import { DEMO_STANDARDS, testScenario } from './support.js';

describe('the synthetic network', () => {
  const { shipments } = testScenario({ seed: 99, shipments: 10_000, faults: 'none' });

  it('sends each segment its share of 10,000 parcels, within 1.5 points', () => {
    const counts = new Map<string, number>();
    for (const s of shipments)
      counts.set(s.plan.customer.segment, (counts.get(s.plan.customer.segment) ?? 0) + 1);
    for (const [segment, share] of Object.entries(SEGMENT_SHARES)) {
      expect(Math.abs((counts.get(segment) ?? 0) / shipments.length - share)).toBeLessThan(0.015);
    }
  });

  it('has every route class, remote among them but rare', () => {
    const routes = new Map<string, number>();
    for (const s of shipments) routes.set(s.plan.route, (routes.get(s.plan.route) ?? 0) + 1);
    expect([...routes.keys()].sort()).toEqual(['inter_province', 'intra_province', 'remote', 'same_city']);
    const remote = (routes.get('remote') ?? 0) / shipments.length;
    expect(remote).toBeGreaterThan(0.01);
    expect(remote).toBeLessThan(0.15);
  });

  it('routes through known hubs, and the remote provinces are remote for the standards', () => {
    const codes = new Set(HUBS.map((hub) => hub.code));
    for (const province of PROVINCES) expect(codes.has(province.hub)).toBe(true);
    for (const name of ['Xinjiang', 'Xizang', 'Qinghai']) {
      const place = { province: name, city: PROVINCES.find((p) => p.name === name)!.cities[0]!.name };
      expect(
        classifyRoute(
          { province: 'Zhejiang', city: 'Hangzhou' },
          place,
          DEMO_STANDARDS.routes.remoteProvinces,
        ),
      ).toBe('remote');
    }
  });

  it('takes a no-fault parcel from order to delivery in tens of seconds with the demo standards', () => {
    const lives = shipments
      .map((s) => s.plan.events.at(-1)!.timeMs - s.plan.events[0]!.timeMs)
      .sort((a, b) => a - b);
    expect(lives[Math.floor(lives.length / 2)]).toBeGreaterThan(10_000);
    expect(lives.at(-1)).toBeLessThan(120_000);
  });

  it('gives every no-fault parcel the full life: order, pickup, hub scans, out for delivery, delivered', () => {
    for (const s of shipments.slice(0, 500)) {
      const types = s.plan.events.map((e) => e.type);
      expect(types[0]).toBe('order.created');
      expect(types[1]).toBe('dispatch.picked_up');
      expect(types.filter((t) => t === 'dispatch.hub_scan').length).toBeGreaterThanOrEqual(2);
      expect(types).toContain('dispatch.out_for_delivery');
      expect(types.at(-1)).toBe('delivery.delivered');
    }
  });
});
