import type { RuleGroup } from './rule-types.js';

/**
 * A service that has stopped consuming watches nothing, and no breach alert
 * can say so: this alert does. `for: 2m` lets a rebalance or a restart with
 * backoff pass; an outage longer than that pages.
 */
export function consumerAlertGroup(): RuleGroup {
  return {
    name: 'slawatch-consumers',
    rules: [
      {
        alert: 'SlawatchConsumerNotConsuming',
        expr:
          'max by (job, group) (1 - slawatch_consumer_member) > 0\n' +
          'or\n' +
          'max by (job, group) (slawatch_consumer_stalled_partitions) > 0\n',
        for: '2m',
        labels: { severity: 'page' },
        annotations: {
          summary: 'slawatch consumer group {{ $labels.group }} is not consuming',
          description:
            'For 2 minutes {{ $labels.job }} has been out of its consumer group {{ $labels.group }}, or has had ' +
            'partitions with work and no progress: breaches are not being detected or escalated. Check /readyz ' +
            '(it names the partition or the error), Redis and the brokers. The consumer rejoins by itself; after ' +
            'CONSUMER_MAX_REJOIN_SECONDS the process exits 3 for its supervisor to restart it.',
          summary_zh: 'slawatch 消费组 {{ $labels.group }} 未在消费',
          description_zh:
            '{{ $labels.job }} 已连续 2 分钟脱离消费组 {{ $labels.group }}，或有分区积压却无进展：违约无法被发现或升级。' +
            '请查看 /readyz（会指出分区或错误）、Redis 与 Kafka。',
        },
      },
    ],
  };
}
