import { useLiveRead, useWords } from './context.js';

interface Overview {
  openIncidentsBySeverity: Record<string, number>;
  breachesLastHourByStandard: Array<{ standard: string; title: string; titleZh?: string; count: number }>;
  facilitiesByOpenBreaches: Array<{ facility: string; open: number }>;
}

/** Bars as widths of the largest figure: readable on a phone without a chart library. */
function Bars(props: { items: Array<{ label: string; count: number; href: string }> }) {
  const most = Math.max(1, ...props.items.map((i) => i.count));
  return (
    <ul class="bars">
      {props.items.map((item) => (
        <li key={item.label}>
          <a href={item.href}>
            <span class="bar-label">{item.label}</span>
            <span class="bar" style={{ width: `${(item.count / most) * 100}%` }} />
            <span class="count">{item.count}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function OverviewView() {
  const { t, v, language } = useWords();
  const { data: overview, error } = useLiveRead<Overview>('/console/api/overview');
  if (error) return <p role="alert">{error}</p>;
  if (!overview) return <p>…</p>;
  return (
    <section aria-labelledby="overview-title" class="overview">
      <h1 id="overview-title">{t('overview')}</h1>
      <div class="cards">
        <section aria-labelledby="o1">
          <h2 id="o1">{t('openIncidentsBySeverity')}</h2>
          <Bars
            items={['critical', 'major', 'minor'].map((severity) => ({
              label: v(severity),
              count: overview.openIncidentsBySeverity[severity] ?? 0,
              href: `#/incidents?severity=${severity}&status=open,acknowledged`,
            }))}
          />
        </section>
        <section aria-labelledby="o2">
          <h2 id="o2">{t('breachesLastHour')}</h2>
          {overview.breachesLastHourByStandard.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <Bars
              items={overview.breachesLastHourByStandard.map((s) => ({
                label: language === 'zh' && s.titleZh ? s.titleZh : s.title,
                count: s.count,
                href: `#/breaches?standard=${encodeURIComponent(s.standard)}&range=1h`,
              }))}
            />
          )}
        </section>
        <section aria-labelledby="o3">
          <h2 id="o3">{t('topFacilities')}</h2>
          {overview.facilitiesByOpenBreaches.length === 0 ? (
            <p>{t('nothing')}</p>
          ) : (
            <Bars
              items={overview.facilitiesByOpenBreaches.map((f) => ({
                label: f.facility,
                count: f.open,
                href: `#/breaches?facility=${encodeURIComponent(f.facility)}&status=open,acknowledged`,
              }))}
            />
          )}
        </section>
      </div>
    </section>
  );
}
