import type { Element } from '@slawatch/contract';
import type { Bilingual } from './labels.js';

// Used when the standard gives no action: a first step that fits the kind of
// promise broken, so the message always says what to do.
const DEFAULT_ACTIONS: Record<Element, Bilingual> = {
  time: {
    zh: '联系责任网点加急处理，优先安排派送，并主动告知客户预计送达时间。',
    en: 'Ask the responsible outlet to expedite, give the parcel priority and tell the customer the new expected time.',
  },
  reliability: {
    zh: '与网点核实运单数据和货物状况；如有差错立即更正，如有损失启动理赔。',
    en: 'Check the waybill data and the parcel with the outlet; correct any error at once and open a claim for any loss.',
  },
  communication: {
    zh: '向责任网点核实最新状态，更新跟踪信息并回复客户。',
    en: 'Get the current status from the responsible outlet, update the tracking and answer the customer.',
  },
  convenience: {
    zh: '联系派件网点，在征得收件人同意后安排投递方式和时间。',
    en: "Contact the delivery outlet and arrange the hand-over with the recipient's consent.",
  },
};

/** The standard's own action as written when it has one, else the default for its element in both languages. */
export function actionLines(element: Element, action: string | undefined): string[] {
  if (action !== undefined) return [action];
  const fallback = DEFAULT_ACTIONS[element];
  return [fallback.zh, fallback.en];
}
