import { parseRecord, type TopicFamily } from '@slawatch/contract';
import { compileStandards } from '@slawatch/evaluation';
import { loadStandards } from '@slawatch/standards';
import { type ArrivedEvent, ShipmentEvaluation } from '../services/monitor/src/shipment-evaluation.js';
import { shipmentRecords } from './shipments.js';

const compiled = compileStandards(loadStandards('standards/default.yaml'));
const evaluation = new ShipmentEvaluation({ compiled, retentionMs: 7 * 86_400_000 });
const n = Number(process.argv[2] ?? 5000);
const { byFamily, events } = shipmentRecords(n, Date.now() - 3_600_000);
const records = [...byFamily].map(([family, list]) => ({
  family: family as TopicFamily,
  list: list.map((r) => ({ key: Buffer.from(r.key), value: Buffer.from(r.value), ts: String(Date.now()) })),
}));
const opts = { maxBytes: 65536, maxFutureSkewMs: 300_000, now: Date.now() };
function round() {
  const store = new Map<string, Buffer>();
  let parseUs = 0;
  let evalUs = 0;
  for (const { family, list } of records) {
    for (let i = 0; i < list.length; i += 2000) {
      const chunk = list.slice(i, i + 2000);
      let t = process.cpuUsage();
      const byWaybill = new Map<string, ArrivedEvent[]>();
      for (const r of chunk) {
        const res = parseRecord({ key: r.key, value: r.value, topicFamily: family }, opts);
        if (!res.ok) throw new Error(res.message);
        const a = { event: res.event, timeMs: res.timeMs, arrivedMs: Number(r.ts) };
        const l = byWaybill.get(res.event.subject);
        if (l) l.push(a);
        else byWaybill.set(res.event.subject, [a]);
      }
      let d = process.cpuUsage(t);
      parseUs += d.user + d.system;
      t = process.cpuUsage();
      const clock = { nowMs: Date.now(), horizonMs: Date.now(), evidenceMs: Date.now() };
      for (const [w, evs] of byWaybill) {
        const s = evaluation.applyEvents(store.get(w), evs, clock);
        if (s.next) store.set(w, evaluation.encode(s.next));
        for (const c of s.changes) JSON.stringify(c);
      }
      d = process.cpuUsage(t);
      evalUs += d.user + d.system;
    }
  }
  return { parse: parseUs / events, evaluate: evalUs / events };
}
let best = { parse: Infinity, evaluate: Infinity };
for (let i = 0; i < Number(process.argv[3] ?? 6); i++) {
  const r = round();
  if (i >= 1) best = { parse: Math.min(best.parse, r.parse), evaluate: Math.min(best.evaluate, r.evaluate) };
}
console.log(`best: parse ${best.parse.toFixed(2)} µs/event, evaluate ${best.evaluate.toFixed(2)} µs/event`);
