import type { RuleGroup } from './rule-types.js';

/**
 * A service that has stopped consuming watches nothing, and no breach alert
 * can say so: this alert does. `for: 2m` lets a rebalance or a restart with
 * backoff pass; an outage longer than that pages. Likewise a partition whose
 * evidence watermark is stuck judges deadlines on a partial read.
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
      {
        // Behind by more than the maximum hold (300 s by default) and falling further behind: deadlines
        // of that partition are being judged before their evidence is read, and nothing is catching up.
        // A backlog being read is behind but closing in, so it does not page.
        alert: 'SlawatchWatermarkStuck',
        expr:
          'max by (job, partition) (slawatch_watermark_lag_seconds) > 300\n' +
          'and\n' +
          'max by (job, partition) (deriv(slawatch_watermark_lag_seconds[5m])) > 0.5\n',
        for: '5m',
        labels: { severity: 'page' },
        annotations: {
          summary: 'slawatch evidence watermark of partition {{ $labels.partition }} is stuck',
          description:
            'For 5 minutes the events of partition {{ $labels.partition }} have been read more than the maximum ' +
            'hold behind the clock and are falling further behind: its deadlines are judged before their evidence ' +
            'is read (breaches say judgedBeforeBacklogRead) and may be retracted later. Check /readyz of ' +
            '{{ $labels.job }} (it names the partition), the consumer lag of every input topic of that partition ' +
            'and the publishers writing to it.',
          summary_zh: 'slawatch 分区 {{ $labels.partition }} 的证据水位停滞',
          description_zh:
            '分区 {{ $labels.partition }} 的事件已连续 5 分钟落后超过最长等待时间且仍在拉大：其时限在证据读到之前就被判定' +
            '（违约标记 judgedBeforeBacklogRead），之后可能被撤回。请查看 {{ $labels.job }} 的 /readyz、该分区各输入主题的消费积压与发布方。',
        },
      },
    ],
  };
}
