import { describe, expect, it } from 'vitest';
import {
  chinaTime,
  chinaTimeSpan,
  describeLateness,
  escapeMarkdown,
  messageFor,
  toMarkdown,
  toPlainText,
} from '../src/index.js';
import { breachChange, breachNotification, digestNotification, resolvedNotification } from './fixtures.js';

describe('describeLateness', () => {
  it('says how late in both languages, hours and minutes', () => {
    expect(describeLateness('2026-11-28T16:00:00Z', '2026-11-28T18:15:30Z')).toEqual({
      zh: '超时 2小时15分',
      en: '2 h 15 min late',
    });
  });

  it('keeps two units: days and hours, dropping minutes', () => {
    expect(describeLateness('2026-11-25T00:00:00Z', '2026-11-28T05:59:00Z')).toEqual({
      zh: '超时 3天5小时',
      en: '3 d 5 h late',
    });
  });

  it('names whole hours and lone minutes without empty units', () => {
    expect(describeLateness('2026-11-28T16:00:00Z', '2026-11-28T19:00:00Z').en).toBe('3 h late');
    expect(describeLateness('2026-11-28T16:00:00Z', '2026-11-28T16:45:59Z').zh).toBe('超时 45分');
  });

  it('says less than a minute rather than zero', () => {
    expect(describeLateness('2026-11-28T16:00:00Z', '2026-11-28T16:00:20Z')).toEqual({
      zh: '超时不足1分钟',
      en: 'less than 1 min late',
    });
  });

  it('says how much time is left for a warning before the deadline', () => {
    expect(describeLateness('2026-11-28T16:00:00Z', '2026-11-28T15:15:00Z')).toEqual({
      zh: '距期限还有 45分',
      en: 'due in 45 min',
    });
  });
});

describe('chinaTime', () => {
  it('shows instants on the carrier clock, crossing midnight', () => {
    expect(chinaTime('2026-11-28T16:30:00Z')).toBe('2026-11-29 00:30 (UTC+8)');
    expect(chinaTime('2026-11-29T00:30:00+08:00')).toBe('2026-11-29 00:30 (UTC+8)');
  });

  it('writes a span within one day once', () => {
    expect(chinaTimeSpan('2026-11-28T10:00:00Z', '2026-11-28T10:30:00Z')).toBe(
      '2026-11-28 18:00–18:30 (UTC+8)',
    );
    expect(chinaTimeSpan('2026-11-28T15:45:00Z', '2026-11-28T16:15:00Z')).toBe(
      '2026-11-28 23:45 (UTC+8) – 2026-11-29 00:15 (UTC+8)',
    );
  });
});

describe('breach message', () => {
  it('carries everything on-call staff need, in Chinese and English', () => {
    expect(toPlainText(messageFor(breachNotification()))).toBe(
      [
        '【紧急·违约】[critical · breach] 按时送达 Delivered on time — ST7700012345',
        '运单 Waybill: ST7700012345',
        '服务标准 Standard: 按时送达 Delivered on time (delivered_on_time)',
        '客户类型 Segment: 大客户 key account',
        '产品 Product: 次日达 next day',
        '线路 Route: 跨省 inter-province',
        '期限 Due: 2026-11-29 00:00 (UTC+8)',
        '发现时间 Detected: 2026-11-29 02:15 (UTC+8)',
        '超时 Lateness: 超时 2小时15分 / 2 h 15 min late',
        '升级 Escalation: 第2级 / step 2',
        '依据 Evidence: evt-1, evt-2',
        '处理建议 What to do:',
        '  联系责任网点加急处理，优先安排派送，并主动告知客户预计送达时间。',
        '  Ask the responsible outlet to expedite, give the parcel priority and tell the customer the new expected time.',
        '确认处理 Acknowledge: https://ops.example.com/ack/br-20261128-0001?token=t1',
        'slawatch · 标准版本 standards 2026.11.1 · br-20261128-0001',
      ].join('\n'),
    );
  });

  it("uses the standard's own action instead of the default", () => {
    const text = toPlainText(
      messageFor(
        breachNotification({ breach: breachChange({ action: '致电网点主管 Call the outlet manager' }) }),
      ),
    );
    expect(text).toContain('处理建议 What to do:\n  致电网点主管 Call the outlet manager\n');
    expect(text).not.toContain('expedite');
  });

  it('has a default action for every element', () => {
    const elements = ['time', 'reliability', 'communication', 'convenience'] as const;
    const actions = elements.map(
      (element) => messageFor(breachNotification({ breach: breachChange({ element }) })).notes[0]?.lines,
    );
    expect(new Set(actions.map((lines) => lines?.join('|'))).size).toBe(elements.length);
    for (const lines of actions) expect(lines).toHaveLength(2);
  });

  it('leaves out the deadline and lateness when the standard has no deadline', () => {
    const text = toPlainText(messageFor(breachNotification({ breach: breachChange({ dueAt: null }) })));
    expect(text).not.toContain('期限 Due');
    expect(text).not.toContain('Lateness');
    expect(text).toContain('发现时间 Detected: 2026-11-29 02:15 (UTC+8)');
  });

  it('never forwards fields outside the breach change (personal data stays out)', () => {
    const leaky = { ...breachChange(), recipientName: '张三', recipientPhone: '13800001111' };
    const text = toPlainText(messageFor(breachNotification({ breach: leaky })));
    expect(text).not.toContain('张三');
    expect(text).not.toContain('13800001111');
  });
});

describe('resolved message', () => {
  it('says resolved and by whom', () => {
    expect(toPlainText(messageFor(resolvedNotification()))).toBe(
      [
        '【已解决】[resolved] 按时送达 Delivered on time — ST7700012345',
        '运单 Waybill: ST7700012345',
        '服务标准 Standard: 按时送达 Delivered on time (delivered_on_time)',
        '客户类型 Segment: 大客户 key account',
        '产品 Product: 次日达 next day',
        '线路 Route: 跨省 inter-province',
        '处理人 By: ops-li',
        '状态 Status:',
        '  该违约已解决。',
        '  The breach has been resolved.',
        'slawatch · 标准版本 standards 2026.11.1 · br-20261128-0001',
      ].join('\n'),
    );
  });

  it('says retracted, without a person when the monitor retracted it', () => {
    const message = messageFor(resolvedNotification({ reason: 'retracted', by: undefined }));
    expect(message.title).toBe('【已撤销】[retracted] 按时送达 Delivered on time — ST7700012345');
    expect(message.tone).toBe('resolved');
    expect(message.fields.map((field) => field.label)).not.toContain('处理人 By');
  });
});

describe('digest message', () => {
  it('lists up to the limit and counts the rest', () => {
    const text = toPlainText(messageFor(digestNotification(5), { digestLimit: 2 }));
    expect(text).toBe(
      [
        '【汇总】[digest] 5 项违约 / 5 breaches, 2026-11-28 18:00–18:30 (UTC+8)',
        '- 【一般·预警】[minor · warning] ST7700000001 — Picked up on time (pickup_on_time), 超时 45分 / 45 min late',
        '- 【一般·预警】[minor · warning] ST7700000002 — Picked up on time (pickup_on_time), 超时 45分 / 45 min late',
        '…另有 3 项未列出 / and 3 more',
        '查看并确认 Review and acknowledge: https://ops.example.com/ack/digest-7',
        'slawatch · 标准版本 standards 2026.11.1',
      ].join('\n'),
    );
  });

  it('takes the tone of its worst breach', () => {
    const digest = digestNotification(3);
    digest.breaches[1] = breachChange({ severity: 'major' });
    expect(messageFor(digest).tone).toBe('major');
    expect(messageFor(digestNotification(3)).tone).toBe('minor');
  });
});

describe('markdown', () => {
  it('escapes markup in values so a title shows as written', () => {
    expect(escapeMarkdown('**bold** <font> `x` [a](b)')).toBe('\\*\\*bold\\*\\* \\<font\\> \\`x\\` [a\\](b)');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('line one\n line two')).toBe('line one line two');
  });

  it('renders the WeCom/DingTalk subset with the chosen line break', () => {
    const markdown = toMarkdown(messageFor(resolvedNotification({ reason: 'retracted' })), {
      lineBreak: '\n\n',
    });
    expect(markdown.split('\n\n')).toEqual([
      '### 【已撤销】[retracted] 按时送达 Delivered on time — ST7700012345',
      '**运单 Waybill:** ST7700012345',
      '**服务标准 Standard:** 按时送达 Delivered on time (delivered_on_time)',
      '**客户类型 Segment:** 大客户 key account',
      '**产品 Product:** 次日达 next day',
      '**线路 Route:** 跨省 inter-province',
      '**处理人 By:** ops-li',
      '**状态 Status:**',
      '该告警已撤销：后续事件表明并未违约。',
      'The alert was retracted: later events show no breach.',
      'slawatch · 标准版本 standards 2026.11.1 · br-20261128-0001',
    ]);
  });
});
