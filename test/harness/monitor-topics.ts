/**
 * The topics, group and key prefix of one monitor named `id`, and the
 * environment variables that point a monitor at them. No test runner here:
 * the benchmarks use it too.
 */
export function monitorTopics(id: string) {
  const topics = {
    orders: `${id}.orders`,
    dispatch: `${id}.dispatch`,
    delivery: `${id}.delivery`,
    aftersales: `${id}.aftersales`,
    breaches: `${id}.breaches`,
    deadLetter: `${id}.dlq`,
  };
  const env = {
    TOPIC_ORDERS: topics.orders,
    TOPIC_DISPATCH: topics.dispatch,
    TOPIC_DELIVERY: topics.delivery,
    TOPIC_AFTERSALES: topics.aftersales,
    TOPIC_BREACHES: topics.breaches,
    TOPIC_DLQ: topics.deadLetter,
    KAFKA_CONSUMER_GROUP: `${id}-monitor`,
    REDIS_KEY_PREFIX: `${id}:`,
  };
  return { topics, env };
}
