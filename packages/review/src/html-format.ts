import { ELEMENT_LABELS, LABELS, type Language, PHASE_LABELS, percent, points } from './labels.js';
import type { Review, ReviewRow, TrendPoint } from './review.js';

const LANGUAGES: Language[] = ['zh', 'en'];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text in both languages; a CSS switch (no script) shows one. */
function both(pick: (language: Language) => string): string {
  return LANGUAGES.map((l) => `<span class="l-${l}">${escapeHtml(pick(l))}</span>`).join('');
}

const label = (key: keyof (typeof LABELS)['en']) => both((l) => LABELS[l][key]);

function rowName(review: Review, row: ReviewRow, language: Language): string {
  const title = language === 'zh' ? (row.titleZh ?? row.title) : row.title;
  const parts = review.by.map((d) => row[d]).filter((v): v is string => v !== undefined);
  return parts.length > 0 ? `${title} · ${parts.join(' · ')}` : title;
}

/** A small line of attainment per period, with the objective as a grey line. */
function sparkline(trend: TrendPoint[], objective: number | null): string {
  const width = 120;
  const height = 28;
  const lowest = Math.min(objective ?? 1, ...trend.map((p) => p.attainment ?? 1), 0.8) - 0.02;
  const y = (v: number) => (height - 2 - ((v - lowest) / (1 - lowest)) * (height - 4)).toFixed(1);
  const x = (i: number) =>
    (trend.length <= 1 ? width / 2 : (i * (width - 4)) / (trend.length - 1) + 2).toFixed(1);
  const points = trend
    .map((p, i) => (p.attainment === null ? undefined : `${x(i)},${y(p.attainment)}`))
    .filter((p) => p !== undefined);
  const objectiveLine =
    objective === null
      ? ''
      : `<line x1="0" x2="${width}" y1="${y(objective)}" y2="${y(objective)}" class="spark-objective"/>`;
  const dots = trend
    .map((p, i) =>
      p.attainment === null
        ? ''
        : `<circle cx="${x(i)}" cy="${y(p.attainment)}" r="1.8" class="${objective !== null && p.attainment < objective ? 'dot-below' : 'dot'}"><title>${p.period}: ${percent(p.attainment)} (${p.met}/${p.judged})</title></circle>`,
    )
    .join('');
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"><title>${trend.map((p) => `${p.period} ${percent(p.attainment)}`).join(', ')}</title>${objectiveLine}<polyline points="${points.join(' ')}" class="spark-line"/>${dots}</svg>`;
}

/** One horizontal bar per row: attainment, its objective as a tick, its benchmark dashed. */
function barChart(review: Review, rows: ReviewRow[]): string {
  const judged = rows.filter((r) => r.attainment !== null);
  if (judged.length === 0) return '';
  const barHeight = 18;
  const labelWidth = 330;
  const plotWidth = 420;
  const height = judged.length * (barHeight + 6) + 24;
  const lowest = Math.max(
    0,
    Math.floor(
      Math.min(...judged.map((r) => Math.min(r.attainment!, r.objective ?? 1, r.benchmark ?? 1))) * 10,
    ) / 10,
  );
  const x = (v: number) => labelWidth + ((v - lowest) / (1 - lowest)) * plotWidth;
  const bars = judged
    .map((row, i) => {
      const top = i * (barHeight + 6) + 4;
      const kind = row.belowObjective
        ? 'bar-below-objective'
        : row.belowBenchmark
          ? 'bar-below-benchmark'
          : 'bar-ok';
      const names = LANGUAGES.map(
        (l) =>
          `<text x="${labelWidth - 8}" y="${top + 13}" class="bar-label l-${l}" text-anchor="end">${escapeHtml(rowName(review, row, l))}</text>`,
      ).join('');
      const objective =
        row.objective === null
          ? ''
          : `<line x1="${x(row.objective).toFixed(1)}" x2="${x(row.objective).toFixed(1)}" y1="${top - 2}" y2="${top + barHeight + 2}" class="tick-objective"/>`;
      const benchmark =
        row.benchmark === null
          ? ''
          : `<line x1="${x(row.benchmark).toFixed(1)}" x2="${x(row.benchmark).toFixed(1)}" y1="${top - 2}" y2="${top + barHeight + 2}" class="tick-benchmark"/>`;
      return `${names}<rect x="${labelWidth}" y="${top}" width="${(x(row.attainment!) - labelWidth).toFixed(1)}" height="${barHeight}" class="${kind}"><title>${percent(row.attainment)} (${row.met}/${row.judged})</title></rect><text x="${labelWidth + plotWidth + 8}" y="${top + 13}" class="bar-value">${percent(row.attainment)}</text>${objective}${benchmark}`;
    })
    .join('');
  const axis = [lowest, (lowest + 1) / 2, 1]
    .map(
      (v) =>
        `<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="0" y2="${height - 18}" class="grid"/><text x="${x(v).toFixed(1)}" y="${height - 4}" text-anchor="middle" class="axis">${percent(v, 0)}</text>`,
    )
    .join('');
  return `<svg class="bars" width="${labelWidth + plotWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + plotWidth + 60} ${height}" role="img"><title>${escapeHtml(rows.map((r) => `${rowName(review, r, 'en')}: ${percent(r.attainment)}`).join('; '))}</title>${axis}${bars}</svg>`;
}

function cell(text: string, classes: string[] = []): string {
  return `<td${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}>${escapeHtml(text)}</td>`;
}

function table(review: Review, rows: ReviewRow[]): string {
  const headers = [
    label('standard'),
    ...review.by.map((d) => label(d)),
    label('judged'),
    label('met'),
    label('attainment'),
    label('objective'),
    label('gapToObjective'),
    label('benchmark'),
    label('gapToBenchmark'),
    label('breached'),
    `${label('trend')} (${both((l) => (review.trendPeriod === 'week' ? LABELS[l].perWeek : LABELS[l].perDay))})`,
  ];
  const body = rows
    .map((row) => {
      const name = both((l) => (l === 'zh' ? (row.titleZh ?? row.title) : row.title));
      const attainmentClasses = [
        'number',
        ...(row.belowObjective ? ['below-objective'] : []),
        ...(row.belowBenchmark ? ['below-benchmark'] : []),
      ];
      const source = row.benchmarkSource ? ` title="${escapeHtml(row.benchmarkSource)}"` : '';
      return `<tr><td>${name}<div class="id">${escapeHtml(row.standard)}</div></td>${review.by.map((d) => cell(row[d] ?? '')).join('')}${cell(String(row.judged), ['number'])}${cell(String(row.met), ['number'])}${cell(percent(row.attainment), attainmentClasses)}${cell(percent(row.objective), ['number'])}${cell(points(row.gapToObjective), ['number', ...(row.belowObjective ? ['below-objective'] : [])])}<td class="number"${source}>${escapeHtml(percent(row.benchmark))}</td>${cell(points(row.gapToBenchmark), ['number', ...(row.belowBenchmark ? ['below-benchmark'] : [])])}${cell(`${row.breached.warn} / ${row.breached.breach} / ${row.breached.critical}`, ['number'])}<td>${sparkline(row.trend, row.objective)}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #d0d7de;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px;color:#57606a}
.meta{color:#57606a;font-size:13px}.legend{font-size:12px;color:#57606a;margin:6px 0}.legend span.below-objective,.legend span.below-benchmark{display:inline-block;padding:1px 8px;margin-left:6px}
table{border-collapse:collapse;font-size:13px;margin:6px 0 12px}th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:middle}th{background:#f6f8fa;text-align:left}
.number{text-align:right;font-variant-numeric:tabular-nums}.id{font-size:11px;color:#8c959f}
.below-objective{background:#ffebe9;color:#a40e26;font-weight:600}.below-benchmark{outline:2px dashed #bf8700;outline-offset:-3px}
.bar-ok{fill:#2da44e}.bar-below-objective{fill:#cf222e}.bar-below-benchmark{fill:#bf8700}.bar-label,.bar-value,.axis{font-size:12px;fill:#1f2328}
.tick-objective{stroke:#000;stroke-width:2.5}.tick-benchmark{stroke:#8250df;stroke-width:2;stroke-dasharray:3 2}.grid{stroke:#eaeef2}
.spark-line{fill:none;stroke:#0969da;stroke-width:1.5}.spark-objective{stroke:#8c959f;stroke-dasharray:2 2}.dot{fill:#0969da}.dot-below{fill:#cf222e}
.switch{float:right;font-size:13px}.switch label{border:1px solid #d0d7de;padding:2px 8px;cursor:pointer}
#lang-en:checked~main .l-zh,#lang-zh:checked~main .l-en{display:none}
#lang-en:checked~.switch .for-en,#lang-zh:checked~.switch .for-zh{background:#0969da;color:#fff}
input[name=lang]{display:none}
`;

/**
 * The review as one HTML file: no script, no fonts or images to fetch,
 * charts as inline SVG. Chinese and English in the same file, switched by CSS.
 * Cells below objective are red, below benchmark outlined.
 */
export function reviewHtml(
  review: Review,
  options: { language?: Language; generatedAt?: Date } = {},
): string {
  const language = options.language ?? 'zh';
  const sections: string[] = [];
  const phases = [...new Set(review.rows.map((r) => r.phase))];
  for (const phase of phases) {
    sections.push(`<h2>${both((l) => PHASE_LABELS[l][phase] ?? phase)}</h2>`);
    const inPhase = review.rows.filter((r) => r.phase === phase);
    for (const element of [...new Set(inPhase.map((r) => r.element))]) {
      const rows = inPhase.filter((r) => r.element === element);
      sections.push(`<h3>${both((l) => ELEMENT_LABELS[l][element] ?? element)}</h3>`);
      sections.push(barChart(review, rows));
      sections.push(table(review, rows));
    }
  }
  const generated = (options.generatedAt ?? new Date()).toISOString();
  return `<!doctype html>
<html lang="${language === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escapeHtml(LABELS[language].title)} ${review.from} – ${review.to}</title><style>${STYLE}</style></head>
<body>
<input type="radio" name="lang" id="lang-zh"${language === 'zh' ? ' checked' : ''}><input type="radio" name="lang" id="lang-en"${language === 'en' ? ' checked' : ''}>
<div class="switch"><label for="lang-zh" class="for-zh">中文</label><label for="lang-en" class="for-en">English</label></div>
<main>
<h1>${label('title')}</h1>
<div class="meta">${label('period')}: ${review.from} – ${review.to} (Asia/Shanghai) · ${label('standards')}: ${escapeHtml(review.standardsVersion)} · ${label('total')}: ${review.totals.met}/${review.totals.judged} (${percent(review.totals.attainment)}) · ${label('generated')}: ${generated}</div>
<div class="legend">${label('legend')} <span class="below-objective">${label('belowObjective')}</span> <span class="below-benchmark">${label('belowBenchmark')}</span></div>
${review.rows.length === 0 ? `<p>${label('empty')}</p>` : sections.join('\n')}
</main>
</body></html>
`;
}
