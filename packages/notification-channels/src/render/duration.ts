import type { Bilingual } from './labels.js';

const MINUTE_MS = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

/**
 * How late a breach was detected relative to its deadline, e.g.
 * `超时 2小时15分` / `2 h 15 min late`. Two units at most: a person acting on
 * a page needs the size of the delay, not its last minute. Before the
 * deadline (a warning) it says how much time is left instead.
 */
export function describeLateness(dueAt: string, detectedAt: string): Bilingual {
  const differenceMs = Date.parse(detectedAt) - Date.parse(dueAt);
  const minutes = Math.floor(Math.abs(differenceMs) / MINUTE_MS);
  if (differenceMs >= 0) {
    if (minutes === 0) return { zh: '超时不足1分钟', en: 'less than 1 min late' };
    const { zh, en } = describeMinutes(minutes);
    return { zh: `超时 ${zh}`, en: `${en} late` };
  }
  if (minutes === 0) return { zh: '距期限不足1分钟', en: 'due in less than 1 min' };
  const { zh, en } = describeMinutes(minutes);
  return { zh: `距期限还有 ${zh}`, en: `due in ${en}` };
}

/** 135 → `2小时15分` / `2 h 15 min`; 1 day and more drops the minutes. */
export function describeMinutes(totalMinutes: number): Bilingual {
  const days = Math.floor(totalMinutes / DAY_MINUTES);
  const hours = Math.floor((totalMinutes % DAY_MINUTES) / HOUR_MINUTES);
  const minutes = totalMinutes % HOUR_MINUTES;
  const zh: string[] = [];
  const en: string[] = [];
  if (days > 0) {
    zh.push(`${days}天`);
    en.push(`${days} d`);
    if (hours > 0) {
      zh.push(`${hours}小时`);
      en.push(`${hours} h`);
    }
  } else {
    if (hours > 0) {
      zh.push(`${hours}小时`);
      en.push(`${hours} h`);
    }
    if (minutes > 0) {
      zh.push(`${minutes}分`);
      en.push(`${minutes} min`);
    }
  }
  return { zh: zh.join(''), en: en.join(' ') };
}
