import { loadStandards } from '@slawatch/standards';
import { generateScenario } from '@slawatch/network-simulation';
const standards = loadStandards(process.argv[2] ?? 'standards/demo.yaml');
const s = generateScenario({ seed: 7, shipments: 6000, faults: 'demo', standards, startMs: Date.UTC(2026, 10, 29, 2), timeScale: Number(process.argv[3] ?? 1/360) });
const byFault = new Map<string, Map<string, number>>();
for (const x of s.shipments.filter(x => x.faults.length === 1)) { const f = x.faults[0]!; const m = byFault.get(f) ?? new Map(); const k = x.truth.map(t=>t.standard+':'+t.level+':'+t.status).sort().join(' ') || '(none)'; m.set(k, (m.get(k) ?? 0) + 1); byFault.set(f, m); }
for (const [f, m] of byFault) { console.log('==', f); for (const [k, n] of m) console.log('   ', n, k); }
const life = s.shipments.map(x => x.settlesAtMs - x.plan.events[0]!.timeMs).sort((a,b)=>a-b);
console.log('settle p50', life[life.length/2|0], 'max', life[life.length-1]);
console.log('nofault with truth', s.shipments.filter(x => x.faults.length === 0 && x.truth.length > 0).length);
