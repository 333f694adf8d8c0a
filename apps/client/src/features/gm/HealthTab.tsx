/**
 * Community health (GAME §9): today's score and inputs with the counts behind them, alerts, and
 * the history as a chart (one line per input, each can be hidden).
 */
import { lazy, Suspense, useState } from 'react';
import type { HealthDayDto } from '@datavism/shared-schema';
import { formatDateTime } from '../../state/time';
import { Badge, Button, Empty, Loading, Section, Table } from '../../ui/kit';
import { gmCall, type HealthPage } from './gmApi';
import { HEALTH_SERIES, type HealthKey } from './HealthChart';
import { LoadError, Outcome, pct } from './parts';
import { useAction, useLoad } from './useGm';

const HealthChart = lazy(() => import('./HealthChart'));

const ALERT_WORDS: Record<string, string> = { toxicity: 'toxicity above 10 %', retention: 'retention below 40 %', squadParticipation: 'squad participation below 30 %' };

export default function HealthTab() {
  const page = useLoad(() => gmCall<HealthPage>('/api/gm/health'), [], 60_000);
  const action = useAction();
  const [visible, setVisible] = useState<Set<HealthKey>>(new Set(HEALTH_SERIES.map((s) => s.key)));
  const days = page.data?.days ?? [];
  const latest: HealthDayDto | undefined = days[days.length - 1];
  const toggle = (k: HealthKey) => setVisible((v) => { const n = new Set(v); if (n.has(k)) n.delete(k); else n.add(k); return n; });
  const compute = () => action.run(() => gmCall<{ day: HealthDayDto }>('/api/gm/health/compute', 'POST', {}), (r) => `Health of ${r.day.day} computed.`).then(() => page.reload());
  const counts = (latest?.counts ?? {}) as Record<string, number>;
  return (
    <div className="gmc-tab" data-testid="gm-health">
      <Outcome note={action.note} error={action.error} />
      <LoadError error={page.error} onRetry={page.reload} />
      {page.data === null ? <Loading /> : !latest ? (
        <Empty>No day computed yet: the daily job computes each day when it ends. <Button size="sm" onClick={() => void compute()}>Compute today now</Button></Empty>
      ) : (
        <>
          <Section title={`Health on ${latest.day}`} aside={<>computed {formatDateTime(latest.computedAt)} <Button size="sm" onClick={() => void compute()} busy={action.busy}>Recompute today</Button></>}>
            <div className="gmc-score">
              <div className="gmc-score-value" data-testid="health-score-value">{latest.score.toFixed(3)}</div>
              <div>
                {latest.alerts.length ? latest.alerts.map((a) => <Badge key={a} tone="ac" testId="health-alert">{ALERT_WORDS[a] ?? a}</Badge>) : <Badge tone="ok">no alert</Badge>}
              </div>
            </div>
            <div className="gmc-legend" role="group" aria-label="Lines shown">
              {HEALTH_SERIES.map((s) => (
                <label key={s.key} className="gmc-legend-item" data-testid={`health-${s.key}`}>
                  <input type="checkbox" checked={visible.has(s.key)} onChange={() => toggle(s.key)} />
                  <span className="gmc-swatch" style={{ background: s.color }} />
                  {s.label} <strong className="num">{s.key === 'score' ? latest.score.toFixed(3) : pct(latest[s.key])}</strong>
                </label>
              ))}
            </div>
            <Suspense fallback={<Loading label="Loading the chart…" />}>
              <HealthChart days={days} visible={visible} />
            </Suspense>
          </Section>
          <Section title="What the inputs are made of (this week)">
            <Table compact caption="Counts" rowKey={(r) => r[0]} rows={[
              ['Active players this week / last week', `${counts.activeThisWeek ?? 0} / ${counts.activeLastWeek ?? 0}`],
              ['New players this week', String(counts.newPlayers ?? 0)],
              ['Last week\'s players back this week', String(counts.retained ?? 0)],
              ['Days active (sum) this week', String(counts.daysActiveThisWeek ?? 0)],
              ['Chat messages / masked or removed after a report', `${counts.chatMessages ?? 0} / ${counts.toxicMessages ?? 0}`],
              ['Active players who took a squad action / in a squad', `${counts.squadActors ?? 0} / ${counts.activeInSquad ?? 0}`],
              ['Reputation gained by dimension', Object.entries((latest.counts.reputationGained ?? {}) as Record<string, number>).map(([k, v]) => `${k} ${v}`).join(', ')],
            ]} columns={[{ key: 'k', header: 'Count', cell: (r) => r[0] }, { key: 'v', header: 'Value', align: 'right', cell: (r) => r[1] }]} />
          </Section>
        </>
      )}
    </div>
  );
}
