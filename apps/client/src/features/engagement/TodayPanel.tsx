/**
 * Today (GAME §8.4, docs/engagement.md): the daily bundle in one panel — what the handler sent
 * this week (the churn job's interventions), the login bonus, the personal mission, the squad's
 * objective, the trending operation, a challenge for my level, the intel brief. Each line has a
 * button to the dock panel where it is done.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { formatDateTime } from '../../state/time';
import { Badge, Button, Empty, ErrorNote, Loading, Section } from '../../ui/kit';
import { loadToday, todayStore } from './engagementStore';
import { interventionLine, loginBonusWords, missionLine, squadLine, trendingWords, type TodayLine } from './todayWords';
import './engagement.css';

function Line({ line, openPanel, testId }: { line: TodayLine; openPanel?: (id: string) => void; testId: string }) {
  return (
    <div className="today-line" data-testid={testId}>
      <span>{line.text}</span>
      {line.panel && openPanel ? (
        <Button size="sm" variant="primary" testId={`${testId}-go`} onClick={() => openPanel(line.panel!)}>{line.action}</Button>
      ) : null}
    </div>
  );
}

export function TodayPanel({ token, openPanel }: { token: string; openPanel?: (id: string) => void }) {
  const bundle = useStore(todayStore, (s) => s.bundle);
  const status = useStore(todayStore, (s) => s.status);
  const error = useStore(todayStore, (s) => s.lastError);
  useEffect(() => {
    void loadToday(token);
    const timer = setInterval(() => void loadToday(token), 60_000);
    return () => clearInterval(timer);
  }, [token]);
  if (!bundle) return status === 'error' ? <ErrorNote error={error} onRetry={() => void loadToday(token)} /> : <Loading label="Reading today's brief…" />;
  const b = bundle;
  return (
    <div className="today" data-testid="today">
      {b.interventions.length ? (
        <Section title="From your handler" aside={<Badge tone="contested">this week</Badge>} testId="today-handler">
          <div className="today-handler">
            {b.interventions.map((i) => <Line key={`${i.day}-${i.kind}`} line={interventionLine(i)} openPanel={openPanel} testId={`today-${i.kind}`} />)}
          </div>
        </Section>
      ) : null}
      <Section title="Login bonus" aside={b.loginBonus.claimedToday ? <Badge tone="ok">claimed</Badge> : <Badge tone="contested">waiting</Badge>}>
        <p className="small" data-testid="today-bonus">{loginBonusWords(b.loginBonus)}</p>
      </Section>
      <Section title="Your mission">
        <Line line={missionLine(b.personalMission)} openPanel={openPanel} testId="today-mission" />
        {b.personalMission.kind === 'tutorial' && b.personalMission.collectable.length ? (
          <Line line={{ text: `${b.personalMission.collectable.length} mission reward${b.personalMission.collectable.length === 1 ? '' : 's'} to collect.`, panel: 'codex', action: 'Open Codex' }} openPanel={openPanel} testId="today-collect" />
        ) : null}
      </Section>
      <Section title="Your squad">
        <Line line={squadLine(b.squadObjective)} openPanel={openPanel} testId="today-squad" />
      </Section>
      <Section title="Trending operation">
        {b.trendingOperation ? (
          <Line
            line={{
              text: trendingWords(b.trendingOperation, b.trendingOperation.endsAt ? formatDateTime(b.trendingOperation.endsAt) : null),
              panel: 'operations', action: b.trendingOperation.joined ? 'Open Operations' : 'Join it',
            }}
            openPanel={openPanel} testId="today-trending"
          />
        ) : <Empty testId="today-trending-none">No operation is running.</Empty>}
      </Section>
      <Section title="Challenge for your level">
        {b.challenge ? (
          <Line
            line={{ text: `${b.challenge.title}${b.challenge.solvedByMe ? ' — solved' : ''}.`, panel: 'intel', action: b.challenge.solvedByMe ? 'Open Intel' : 'Solve it' }}
            openPanel={openPanel} testId="today-challenge"
          />
        ) : <Empty>No challenge today.</Empty>}
      </Section>
      <Section title="Intel brief" aside={openPanel ? <Button size="sm" testId="today-intel-go" onClick={() => openPanel('intel')}>Open Intel</Button> : null}>
        {b.intelBrief.verified.length + b.intelBrief.open.length === 0 ? <p className="small muted">Nothing new on the board.</p> : (
          <ul className="today-list" data-testid="today-intel">
            {b.intelBrief.verified.map((c) => <li key={c.id}><Badge tone="ok">verified</Badge> {c.claimText} <span className="muted">[{c.category}]</span></li>)}
            {b.intelBrief.open.map((c) => <li key={c.id}><Badge tone="signal">confirm?</Badge> {c.claimText} <span className="muted">[{c.category}] {c.confirmations} confirmed</span></li>)}
          </ul>
        )}
      </Section>
    </div>
  );
}
