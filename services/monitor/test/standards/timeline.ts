import { type EventType, sampleEvent, topicFamilyOf } from '@slawatch/contract';
import type { KafkaClient, OutgoingRecord } from '@slawatch/kafka';
import { eventually, metricSum } from '../../../../test/harness/metrics.js';
import { at, type Expected, type Route, type Shipment } from './shipment.js';

export const DESTINATIONS: Record<Route, { province: string; city: string }> = {
  same_city: { province: 'Zhejiang', city: 'Hangzhou' },
  intra_province: { province: 'Zhejiang', city: 'Ningbo' },
  inter_province: { province: 'Shanghai', city: 'Shanghai' },
  remote: { province: 'Xinjiang', city: 'Urumqi' },
};

/** The shared timeline of the shipments: T0 is `startMs`, and every time is seconds after it. */
export class Timeline {
  constructor(readonly startMs: number) {}

  timeOf(seconds: number): string {
    return new Date(this.startMs + Math.round(seconds * 1000)).toISOString();
  }

  /** `breachId|status` of an expected change. */
  keyOf(waybill: string, e: Expected): string {
    const occurrence = e.gapFrom === undefined ? 1 : Date.parse(this.timeOf(e.gapFrom));
    return `${waybill}:${e.standard}:${e.level}:${occurrence}|${e.status}`;
  }

  /** The shipment's events in timeline order, each with a stable id, starting with its order at T0. */
  eventsOf(shipment: Shipment) {
    const steps = [at(0, 'order.created'), ...shipment.steps].sort((a, b) => a.at - b.at);
    return steps.map((step, index) => {
      const event = sampleEvent(step.type, {
        subject: shipment.waybill,
        id: `${shipment.waybill}-${index}`,
        time: this.timeOf(step.at),
      });
      const data = event.data as Record<string, unknown>;
      if (step.type === 'order.created') {
        Object.assign(data, {
          segment: shipment.segment,
          product: shipment.product,
          origin: { province: 'Zhejiang', city: 'Hangzhou' },
          destination: DESTINATIONS[shipment.route],
          pieces: shipment.pieces ?? 2,
        });
        // The sample's promise is a fixed date; only the shipments that promise a time keep one.
        if (shipment.promisedAt === undefined) delete data['promisedDeliveryBy'];
        else data['promisedDeliveryBy'] = this.timeOf(shipment.promisedAt);
      }
      Object.assign(data, step.data ?? {});
      return { at: step.at, type: step.type, event };
    });
  }

  /** Publishes every shipment's events as they happen: each at its own time on its family's topic. */
  async play(kafka: KafkaClient, topics: Record<string, string>, shipments: Shipment[]) {
    const producer = kafka.producer();
    await producer.connect();
    try {
      const all = shipments.flatMap((s) => this.eventsOf(s)).sort((a, b) => a.at - b.at);
      const moments = [...new Set(all.map((e) => e.at))];
      for (const moment of moments) {
        const wait = this.startMs + moment * 1000 - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const byTopic = new Map<string, OutgoingRecord[]>();
        for (const { event, type } of all.filter((e) => e.at === moment)) {
          const topic = topics[topicFamilyOf(type)]!;
          byTopic.set(topic, [
            ...(byTopic.get(topic) ?? []),
            { key: event.subject, value: JSON.stringify(event) },
          ]);
        }
        await producer.sendMany(byTopic);
      }
    } finally {
      await producer.disconnect();
    }
  }
}

/**
 * One event on every partition of every input topic, for waybills whose order never comes (so
 * nothing is judged), until the monitor has taken them all: its fetches are running before the
 * timeline starts, and a slow first fetch cannot pass for a late breach.
 */
export async function warmUp(kafka: KafkaClient, url: string, topics: Record<string, string>) {
  const types: EventType[] = [
    'order.stockout',
    'dispatch.hub_scan',
    'delivery.exception',
    'aftersales.claim_filed',
  ];
  const producer = kafka.producer();
  await producer.connect();
  try {
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const type of types) {
      const records = [0, 1, 2].map((partition) => {
        const waybill = `WARM-UP-${partition}`;
        const event = sampleEvent(type, {
          subject: waybill,
          id: `${waybill}-${type}`,
          time: new Date().toISOString(),
        });
        return { key: waybill, value: JSON.stringify(event), partition };
      });
      byTopic.set(topics[topicFamilyOf(type)]!, records);
    }
    await producer.sendMany(byTopic);
  } finally {
    await producer.disconnect();
  }
  await eventually('the warm-up events taken on every partition', async () => {
    return (await metricSum(url, 'slawatch_events_total', { result: 'accepted' })) === types.length * 3;
  });
}
