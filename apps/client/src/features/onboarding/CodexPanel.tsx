/**
 * The codex (docs/onboarding.md): the handler's briefing to read again or replay, every mission of
 * the tutorial chain with what the server counts and what it paid, and the calendar's today and
 * next event.
 */
import { useStore } from 'zustand';
import { Badge, Button, Countdown, ErrorNote, Loading, Section, Table, type Column } from '../../ui/kit';
import type { TutorialStepDto } from '@datavism/shared-schema';
import { BRIEFING } from './briefing';
import { eventTitles, rewardWords } from './words';
import { loadOnboarding, onboardingNow, onboardingStore, replayBriefing } from './onboardingStore';

const COLUMNS: Column<TutorialStepDto>[] = [
  { key: 'title', header: 'Mission', cell: (s) => <><strong>{s.title}</strong><div className="muted small">{s.counts}</div></> },
  { key: 'reward', header: 'Reward', cell: (s) => rewardWords(s) },
  {
    key: 'state', header: 'State',
    cell: (s) => (s.rewarded ? <Badge tone="ok">paid</Badge> : s.done ? <Badge tone="contested" title="Done: collect the reward on the mission card">to collect</Badge> : <Badge>to do</Badge>),
  },
];

export function CodexPanel({ token }: { token: string }) {
  const data = useStore(onboardingStore, (s) => s.data);
  const status = useStore(onboardingStore, (s) => s.status);
  const error = useStore(onboardingStore, (s) => s.lastError);
  if (!data) {
    return status === 'error' ? <ErrorNote error={error} onRetry={() => void loadOnboarding(token)} /> : <Loading label="Opening the codex…" />;
  }
  return (
    <div className="codex" data-testid="codex">
      <Section title="The handler's briefing" aside={<Button size="sm" variant="primary" testId="codex-replay" onClick={replayBriefing}>Replay the briefing</Button>}>
        <ol className="codex-chapters">
          {BRIEFING.map((p) => <li key={p.title}><strong>{p.title}</strong> — <span className="muted">{p.kicker}</span></li>)}
        </ol>
      </Section>
      <Section title="First missions" aside={<span className="muted small">{data.completed} of {data.total} done</span>}>
        <Table columns={COLUMNS} rows={data.steps} rowKey={(s) => s.id} testId="codex-missions" empty="No missions." />
      </Section>
      <Section title="The calendar">
        <p className="small" data-testid="codex-calendar">
          {data.calendar.today.events.length ? <>Today: <strong>{eventTitles(data.calendar.today)}</strong>. </> : <>Nothing on the calendar today. </>}
          {data.calendar.next ? <>Next: <strong>{eventTitles(data.calendar.next)}</strong> <Countdown to={Date.parse(data.calendar.next.startsAt)} clock={onboardingNow} />.</> : null}
        </p>
        {data.introOperation ? <p className="small muted">Standing operation: <strong>{data.introOperation.name}</strong> (Operations panel).</p> : null}
      </Section>
    </div>
  );
}
