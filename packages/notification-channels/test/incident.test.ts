import { describe, expect, it } from 'vitest';
import { WECOM_MAX_CONTENT_BYTES } from '../src/channels/wecom.js';
import {
  buildRequest,
  type IncidentNotification,
  incidentHeadline,
  parseTarget,
  type Target,
  utf8Length,
} from '../src/index.js';
import { NOW_MS } from './fixtures.js';

const HOUR = 3_600_000;

function incident(overrides: Partial<IncidentNotification['incident']> = {}): IncidentNotification {
  return {
    kind: 'incident',
    message: 'page',
    step: 1,
    url: 'https://ops.example.com/ack/incident/AbCdEfGhIjKlMnOp.mip3x0k?expires=1&signature=ab',
    incident: {
      incidentId: 'AbCdEfGhIjKlMnOp.mip3x0k',
      severity: 'critical',
      standard: 'hub_scan_gap',
      title: 'Scanned at every hub',
      titleZh: '中转扫描不断档',
      mixedStandards: false,
      labels: { standard: 'hub_scan_gap', facility: 'hub:HGH01' },
      lastSeenAt: new Date(NOW_MS - 6 * HOUR).toISOString(),
      openedAt: new Date(NOW_MS - HOUR).toISOString(),
      counts: { open: 2318, members: 2400, new: 118, resolved: 82 },
      oldestDetectedAt: new Date(NOW_MS - HOUR).toISOString(),
      examples: Array.from({ length: 10 }, (_, i) => `SF77000${i}`),
      bySegment: { ecommerce: 2000, key_account: 300, sme: 18 },
      ...overrides,
    },
  };
}

const TARGETS: Target[] = [
  parseTarget({ type: 'webhook', url: 'https://hooks.example/x', secret: 'a-webhook-secret-0123' }, 't'),
  parseTarget(
    { type: 'alertmanager', url: 'https://am.example/api', externalUrl: 'https://ops.example.com' },
    't',
  ),
  parseTarget({ type: 'slack', url: 'https://hooks.example/' }, 't'),
  parseTarget({ type: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=x' }, 't'),
  parseTarget({ type: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' }, 't'),
  parseTarget({ type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }, 't'),
];

/** DingTalk's markdown text limit, the smallest of the chat robots apart from WeCom's 4,096 bytes. */
const DINGTALK_MAX_BYTES = 20_000;

describe('a message about an incident', () => {
  it('says what happened in one line a person reads on a phone, in Chinese and English', () => {
    const headline = incidentHeadline(incident().incident, NOW_MS);
    expect(headline.en).toBe('hub HGH01: 2,318 parcels without a scan for 6 h (Scanned at every hub)');
    expect(headline.zh).toBe('中转中心 HGH01：2,318 件 6小时无扫描（中转扫描不断档）');
  });

  it('lists at most ten example waybills and counts the rest, whatever it is given', () => {
    const many = incident({ examples: Array.from({ length: 5000 }, (_, i) => `W${i}`) });
    const request = buildRequest(many, TARGETS[0]!, NOW_MS);
    const body = JSON.parse(request.body) as {
      notification: IncidentNotification;
      message: { text: string };
    };
    expect(body.notification.incident.examples).toHaveLength(10);
    expect(body.message.text).toContain('W9');
    expect(body.message.text).not.toContain('W10');
    expect(body.message.text).toContain('2308 more');
  });

  it('stays within every channel limit at its largest (longest ids, titles and labels)', () => {
    const longest = 'X'.repeat(128);
    const largest = incident({
      title: 'T'.repeat(500),
      titleZh: '超'.repeat(300),
      standard: 's'.repeat(100),
      labels: Object.fromEntries(
        [
          'standard',
          'severity',
          'segment',
          'facility',
          'courier',
          'lane',
          'origin',
          'destination',
          'customer',
        ].map((field) => [field, `${field === 'facility' ? 'hub:' : ''}${longest}`]),
      ),
      counts: { open: 1_000_000, members: 1_000_000, new: 1_000_000, resolved: 1_000_000 },
      examples: Array.from({ length: 10 }, (_, i) => `${i}`.padStart(64, 'W')),
      bySegment: { ecommerce: 250_000, key_account: 250_000, sme: 250_000, individual: 250_000 },
    });
    for (const message of ['page', 'update', 'reminder', 'resolved'] as const) {
      for (const target of TARGETS) {
        const request = buildRequest({ ...largest, message }, target, NOW_MS);
        expect(utf8Length(request.body), `${target.type} ${message}`).toBeLessThan(DINGTALK_MAX_BYTES);
        if (target.type === 'wecom') {
          const content = (JSON.parse(request.body) as { markdown: { content: string } }).markdown.content;
          expect(utf8Length(content)).toBeLessThanOrEqual(WECOM_MAX_CONTENT_BYTES);
        }
      }
    }
  });

  it('is one Alertmanager alert whose labels are the grouping values', () => {
    const request = buildRequest(incident(), TARGETS[1]!, NOW_MS);
    const payload = JSON.parse(request.body) as {
      alerts: Array<{ labels: Record<string, string>; status: string }>;
    };
    expect(payload.alerts).toHaveLength(1);
    expect(payload.alerts[0]?.labels).toMatchObject({
      alertname: 'SlawatchIncident',
      group_facility: 'hub:HGH01',
      incident_id: 'AbCdEfGhIjKlMnOp.mip3x0k',
    });
    const resolved = JSON.parse(
      buildRequest({ ...incident(), message: 'resolved' }, TARGETS[1]!, NOW_MS).body,
    );
    expect(resolved.alerts[0].status).toBe('resolved');
  });
});
