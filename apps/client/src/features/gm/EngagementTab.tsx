/**
 * Engagement (GAME §8.4, docs/engagement.md): the churn job's days — how many were scored, the
 * risk histogram, the interventions sent — and who got what on a day (risk, the four inputs and
 * which terms applied, each intervention's payload); a player's own days and their risk right now.
 * GMs can run today's pass at once (the job scores each day when it ends; a scored day writes
 * nothing new).
 */
import { useState } from 'react';
import type { EngagementGmDto, EngagementRunDto, ScoredPlayerDto } from '@datavism/shared-schema';
import { formatDateTime } from '../../state/time';
import { Badge, Button, Empty, Loading, Section, Table, Tabs } from '../../ui/kit';
import { gmCall, query, type PlayerHit } from './gmApi';
import { LoadError, Outcome, PlayerPicker } from './parts';
import { useAction, useLoad } from './useGm';

const TERM_WORDS: Record<string, string> = {
  sessions: 'few sessions', squadInteractions: '< 3 squad interactions', noLevelUp: 'no level-up in 14 days', failedChallenges: '> 5 failed challenges',
};
const KIND_WORDS: Record<string, string> = {
  handler_message: 'handler message', easier_challenge: 'easier challenge', squad_event: 'squad event',
  progress_highlight: 'progress highlight', squad_needs: 'squad needs', mentor_offer: 'mentor offer',
};

/** An intervention's payload in one short line (ids left out). */
function payloadWords(payload: Record<string, unknown>): string {
  return Object.entries(payload).filter(([k]) => !/id$/i.test(k) && k !== 'body').map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
}

function ScoredTable({ rows, showDay = false }: { rows: ScoredPlayerDto[]; showDay?: boolean }) {
  return (
    <Table
      testId="engagement-players"
      rowKey={(p) => `${p.day}-${p.playerId}`}
      rows={rows}
      empty="Nobody above 0.4."
      columns={[
        ...(showDay ? [{ key: 'day', header: 'Day', cell: (p: ScoredPlayerDto) => <span className="gmc-nowrap">{p.day}</span> }] : []),
        { key: 'name', header: 'Player', cell: (p) => <strong>{p.name}</strong> },
        { key: 'risk', header: 'Risk', align: 'right', cell: (p) => <><span className="num">{p.risk.toFixed(2)}</span> <Badge tone={p.tier === 'high' ? 'ac' : p.tier === 'elevated' ? 'contested' : 'neutral'}>{p.tier}</Badge></> },
        {
          key: 'inputs', header: 'Inputs (week)', cell: (p) => (
            <span className="small">
              {p.inputs.sessions} session{p.inputs.sessions === 1 ? '' : 's'}{p.inputs.averageSessions !== null ? ` (avg ${p.inputs.averageSessions.toFixed(2)})` : ''}, {p.inputs.squadInteractions} squad,
              {' '}{p.inputs.daysSinceLevelUp} d since level-up, {p.inputs.failedChallenges} failed
            </span>
          ),
        },
        { key: 'terms', header: 'Terms', cell: (p) => Object.entries(p.terms).filter(([, on]) => on).map(([t]) => TERM_WORDS[t] ?? t).join(', ') || '—' },
        {
          key: 'got', header: 'Got', cell: (p) => (p.interventions.length ? (
            <ul className="gmc-interventions small">
              {p.interventions.map((i) => <li key={i.kind}><strong>{KIND_WORDS[i.kind] ?? i.kind}</strong> <span className="muted">{payloadWords(i.payload)}</span></li>)}
            </ul>
          ) : <span className="muted">nothing new (had its tier within 7 days)</span>),
        },
      ]}
    />
  );
}

export default function EngagementTab() {
  const [tier, setTier] = useState<'all' | 'high' | 'elevated'>('all');
  const [day, setDay] = useState<string | null>(null);
  const [player, setPlayer] = useState<PlayerHit | null>(null);
  const page = useLoad(() => gmCall<EngagementGmDto>(`/api/gm/engagement${query({ day, tier: tier === 'all' ? undefined : tier, limit: 200 })}`), [day, tier], 60_000);
  const lookup = useLoad(() => (player ? gmCall<EngagementGmDto>(`/api/gm/engagement${query({ player: player.id })}`) : Promise.resolve(null)), [player?.id]);
  const action = useAction();
  const runNow = () => action.run(
    () => gmCall<EngagementRunDto>('/api/gm/engagement/run', 'POST', {}),
    (r) => (r.run ? `Scored ${r.day}: ${r.run.scored} players, ${r.run.high} high, ${r.run.elevated} elevated; ${r.notified.high + r.notified.elevated} notified.` : `${r.day} was scored already: nothing new written.`),
  ).then(() => page.reload());
  const runs = page.data?.runs ?? [];
  return (
    <div className="gmc-tab" data-testid="gm-engagement">
      <Outcome note={action.note} error={action.error} />
      <LoadError error={page.error} onRetry={page.reload} />
      {page.data === null ? <Loading /> : (
        <>
          <Section title="Churn job: scored days" aside={<Button size="sm" busy={action.busy} onClick={() => void runNow()} testId="engagement-run">Score today now</Button>}>
            {runs.length === 0 ? <Empty>No day scored yet: the job scores each UTC day when it ends.</Empty> : (
              <Table
                compact testId="engagement-runs" rowKey={(r) => r.day} rows={runs} onRowClick={(r) => setDay(r.day)}
                columns={[
                  { key: 'day', header: 'Day', cell: (r) => <span className="gmc-nowrap">{r.day === page.data?.day ? <strong>{r.day}</strong> : r.day}</span> },
                  { key: 'scored', header: 'Scored', align: 'right', cell: (r) => r.scored },
                  { key: 'active', header: 'Active / avg sessions', align: 'right', cell: (r) => `${r.active} / ${r.averageSessions.toFixed(2)}` },
                  { key: 'high', header: '> 0.7', align: 'right', cell: (r) => r.high },
                  { key: 'elevated', header: '> 0.4', align: 'right', cell: (r) => r.elevated },
                  { key: 'hist', header: 'Risk histogram', cell: (r) => Object.entries(r.histogram).sort((a, b) => Number(a[0]) - Number(b[0])).map(([k, n]) => `${(Number(k) / 100).toFixed(1)}: ${n}`).join(' · ') },
                  { key: 'sent', header: 'Interventions', cell: (r) => Object.entries(r.interventions).map(([k, n]) => `${KIND_WORDS[k] ?? k} ${n}`).join(', ') || '—' },
                  { key: 'at', header: 'Computed', cell: (r) => formatDateTime(r.computedAt) },
                ]}
              />
            )}
          </Section>
          {page.data.day ? (
            <Section title={`Who got what on ${page.data.day}`} aside={<Tabs label="Tier" value={tier} onChange={setTier} tabs={[{ id: 'all', label: 'All at risk' }, { id: 'high', label: '> 0.7' }, { id: 'elevated', label: '> 0.4' }]} testId="engagement-tier" />}>
              <ScoredTable rows={page.data.players} />
            </Section>
          ) : null}
          <Section title="One player">
            <PlayerPicker value={player} onChange={setPlayer} testId="engagement-player" />
            {player && lookup.data ? (
              <>
                <p className="small" data-testid="engagement-now">
                  {lookup.data.now ? <>Risk now (week ending today): <strong>{lookup.data.now.risk.toFixed(2)}</strong> ({lookup.data.now.tier}) — {Object.entries(lookup.data.now.terms).filter(([, on]) => on).map(([t]) => TERM_WORDS[t] ?? t).join(', ') || 'no term applies'}.</>
                    : 'Not scored: no daily login in the last 28 days.'}
                </p>
                <ScoredTable rows={lookup.data.players} showDay />
              </>
            ) : null}
          </Section>
        </>
      )}
    </div>
  );
}
