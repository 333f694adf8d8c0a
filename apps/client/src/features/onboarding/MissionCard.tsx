/**
 * The mission card (docs/onboarding.md): where the player stands in the tutorial chain, the rewards
 * waiting to be collected, the current mission in the handler's voice with its reward and a button
 * that opens the UI it needs, and the calendar's next event with a countdown. It follows the
 * server: a mission turns done when the map room says the server recorded it, never because the
 * client thinks so. Folded to one line while a territory card is open (space on short screens).
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { TutorialStepDto } from '@datavism/shared-schema';
import { NEIGHBOURS, coordKey } from '../../state/mapIndex';
import { myAvatar, pushToast, selectTerritory, worldStore } from '../../state/worldStore';
import { useWorld } from '../../ui/hooks';
import { Badge, Button, Countdown, IconButton, ProgressBar } from '../../ui/kit';
import { eventTitles, rewardWords } from './words';
import { collectMission, onboardingNow, onboardingStore, startOnboarding } from './onboardingStore';
import './onboarding.css';

const PANEL_WORDS: Record<string, string> = {
  squads: 'Open Squad', operations: 'Open Operations', exchange: 'Open Exchange', council: 'Open Council', intel: 'Open Intel',
};

/** The map missions' "show me": select a hex next to me (deploy) or say how to walk. */
function showOnMap(step: TutorialStepDto): void {
  if (step.id === 'walk') {
    pushToast('info', 'Walk with WASD or the arrow keys while the map has focus.', undefined, 'Walk the ground');
    return;
  }
  const s = worldStore.getState();
  const here = s.territories.get(myAvatar(s)?.territoryId ?? '');
  if (!here) return;
  const byCoord = new Map<number, { id: string; regionId: number }>();
  for (const t of s.territories.values()) byCoord.set(coordKey(t.q, t.r), t);
  const next = NEIGHBOURS.map(([dq, dr]) => byCoord.get(coordKey(here.q + dq, here.r + dr))).filter((t): t is { id: string; regionId: number } => t !== undefined);
  // A neighbour in the same region first: the shortest trip, no hand-over.
  const pick = next.find((t) => t.regionId === here.regionId) ?? next[0];
  if (pick) selectTerritory(pick.id);
}

export function MissionCard({ token, onOpenPanel }: { token: string; onOpenPanel: (id: string) => void }) {
  const data = useStore(onboardingStore, (s) => s.data);
  const briefing = useStore(onboardingStore, (s) => s.briefingOpen);
  const cardOpen = useWorld((s) => s.selectedTerritoryId !== null);
  const [foldedByHand, setFolded] = useState<boolean | null>(null);
  const [collecting, setCollecting] = useState<string | null>(null);
  useEffect(() => startOnboarding(token), [token]);
  if (!data || briefing) return null;
  const folded = foldedByHand ?? cardOpen;
  const collect = (step: string) => {
    setCollecting(step);
    void collectMission(token, step).finally(() => setCollecting(null));
  };
  const waiting = data.steps.filter((s) => data.collectable.includes(s.id));
  const current = data.steps.find((s) => s.id === data.current) ?? null;
  const next = data.calendar.next;
  const today = data.calendar.today;
  return (
    <section className="mission-card" data-testid="mission-card" aria-label="Missions">
      <header className="mission-head">
        <span className="mission-kicker">Missions</span>
        <span className="mission-count" data-testid="mission-count">{data.completed} / {data.total}</span>
        <IconButton label={folded ? 'Show the mission' : 'Fold the mission card'} onClick={() => setFolded(!folded)} testId="mission-fold" aria-expanded={!folded}>
          {folded ? '▸' : '▾'}
        </IconButton>
      </header>
      <ProgressBar value={data.completed / data.total} label="Tutorial missions done" size="sm" testId="mission-progress" />
      {waiting.length ? (
        <div className="mission-collect" data-testid="mission-collect">
          {waiting.map((w) => (
            <div key={w.id} className="mission-collect-row" data-testid={`mission-done-${w.id}`}>
              <span className="mission-done-title"><span aria-hidden="true">✓ </span><strong>{w.title}</strong></span>
              <Button size="sm" variant="primary" busy={collecting === w.id} testId={`collect-${w.id}`} onClick={() => collect(w.id)}>
                Collect {rewardWords(w)}
              </Button>
            </div>
          ))}
        </div>
      ) : null}
      {folded ? (current ? <div className="small muted" data-testid="mission-folded">Next: {current.title}</div> : null) : current ? (
        <div className="mission-body" data-testid="mission-current" data-step={current.id}>
          <strong className="mission-title" data-testid="mission-title">{current.title}</strong>
          <p className="mission-brief">“{current.brief}”</p>
          <p className="mission-where muted small">{current.where}</p>
          <div className="mission-foot">
            <Badge tone="ok" testId="mission-reward">{rewardWords(current)}</Badge>
            {current.panel === 'map'
              ? <Button size="sm" variant="primary" testId="mission-go" onClick={() => showOnMap(current)}>Show me</Button>
              : <Button size="sm" variant="primary" testId="mission-go" onClick={() => onOpenPanel(current.panel)}>{PANEL_WORDS[current.panel] ?? 'Open'}</Button>}
          </div>
        </div>
      ) : (
        <p className="mission-body small" data-testid="mission-all-done">All missions done. The network is yours — the codex keeps the briefing.</p>
      )}
      {folded ? null : <div className="mission-calendar small" data-testid="calendar-next">
        {today.events.length ? <div>Today: <strong>{eventTitles(today)}</strong></div> : null}
        {next ? (
          <div>Next: <strong>{eventTitles(next)}</strong> <Countdown to={Date.parse(next.startsAt)} clock={onboardingNow} testId="calendar-countdown" /></div>
        ) : null}
      </div>}
    </section>
  );
}
