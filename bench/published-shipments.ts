import { loadEnvironment } from '@slawatch/config';
import { KafkaClient } from '@slawatch/kafka';
import type { Logger } from '@slawatch/logger';
import { shipmentRecords } from './shipments.js';

/**
 * Creates the monitor's topics on a benchmark's own broker (if missing) and
 * publishes `shipments` complete shipments (8 events each, an hour old) to
 * them, their waybills numbered from `firstShipment` (default 0), shipment
 * by shipment or (`byStep`) step by step. Returns the
 * monitor's topic names and how many events there are.
 */
export async function publishShipments(options: {
  brokers: string;
  partitions: number;
  shipments: number;
  firstShipment?: number;
  /** Each topic's records step by step: one event per waybill in a batch (see shipmentRecords). */
  byStep?: boolean;
  logger: Logger;
}) {
  const { brokers, partitions, shipments, logger } = options;
  const env = loadEnvironment({ KAFKA_BROKERS: brokers, KAFKA_PARTITIONS: String(partitions) });
  const topics = [env.TOPIC_ORDERS, env.TOPIC_DISPATCH, env.TOPIC_DELIVERY, env.TOPIC_AFTERSALES];
  const client = new KafkaClient({ brokers: [brokers], clientId: 'bench' }, logger);
  const admin = client.admin();
  await admin.connect();
  await admin.ensureTopics(
    [...topics, env.TOPIC_BREACHES]
      .map((topic) => ({ topic, partitions }))
      .concat({ topic: env.TOPIC_DLQ, partitions: 1 }),
  );
  await admin.disconnect();
  const { byFamily, events } = shipmentRecords(shipments, Date.now() - 3_600_000, {
    first: options.firstShipment ?? 0,
    byStep: options.byStep ?? false,
  });
  const producer = client.producer();
  await producer.connect();
  const familyTopic: Record<string, string> = {
    orders: env.TOPIC_ORDERS,
    dispatch: env.TOPIC_DISPATCH,
    delivery: env.TOPIC_DELIVERY,
    aftersales: env.TOPIC_AFTERSALES,
  };
  for (const [family, records] of byFamily) {
    for (let i = 0; i < records.length; i += 2000)
      await producer.send(familyTopic[family]!, records.slice(i, i + 2000));
  }
  await producer.disconnect();
  console.error(`published ${events} events of ${shipments} shipments`);
  return { topics, events };
}
