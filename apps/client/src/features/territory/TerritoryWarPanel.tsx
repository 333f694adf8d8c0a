/**
 * Sieges: every siege this player can see with its phase countdowns and both sides' live
 * committed strengths, the result once resolved, "show on map", and the squad's notices.
 * Declaring and claiming happen on the territory card (the selected territory).
 */
import { useStore } from 'zustand';
import { flyTo } from '../../state/mapView';
import { formatAgo } from '../../state/time';
import { selectTerritory, serverNow, worldStore } from '../../state/worldStore';
import { Badge, Button, Countdown, Empty, ErrorNote, Loading, ProgressBar, Section } from '../../ui/kit';
import { useTicker } from '../../ui/kit/Countdown';
import { connectWar, warStore, type SiegeView } from './warStore';

function phaseOf(s: SiegeView, now: number): 'muster' | 'battle' | 'resolved' {
  return s.result ? 'resolved' : now < s.musterEndsAt ? 'muster' : 'battle';
}

const PHASE_TONE = { muster: 'signal', battle: 'contested', resolved: 'neutral' } as const;

function showOnMap(territoryId: string): void {
  const t = worldStore.getState().territories.get(territoryId);
  if (!t) return;
  selectTerritory(t.id);
  flyTo(t.cx, t.cy, 16);
}

function SiegeCard({ s, now }: { s: SiegeView; now: number }) {
  const phase = phaseOf(s, now);
  const total = Math.max(1, s.attackerStrength + s.defenderStrength);
  return (
    <li data-testid={`siege-${s.id}`} className={`card siege siege-${phase}${s.counter ? ' siege-ac' : ''}`}>
      {s.counter ? (
        <p className="siege-ac-line" data-testid="ac-counter-siege">
          The AC strikes back with garrison {s.garrison.toLocaleString()}: {s.defenderName}&apos;s members deployed here when the battle ends defend it (× 1.3 for holding).
        </p>
      ) : null}
      <div className="card-head">
        <strong>{s.territoryName}</strong>
        <Badge tone={PHASE_TONE[phase]}>{phase === 'muster' ? 'Mustering' : phase === 'battle' ? 'Battle' : 'Over'}</Badge>
      </div>
      <div className="siege-sides">
        {/* The AC's side reads in its red whichever side it is on. */}
        <span className={s.counter ? 'side-defence' : 'side-attack'}>{s.attackerName}</span>
        <span className="muted">vs</span>
        <span className={s.counter ? 'side-attack' : 'side-defence'}>{s.defenderName || 'Algorithmic Control'}{s.ghost ? ' (ghost muster)' : ''}</span>
      </div>
      <ProgressBar
        label="Attack share of the strength in the field"
        value={s.attackerStrength / total}
        marker={0.5}
        markerLabel="the attack must be strictly stronger"
        tone={(s.attackerStrength > s.defenderStrength) !== s.counter ? 'accent' : 'ac'}
        detail={s.counter
          ? `AC attack ${s.attackerStrength.toFixed(1)} (garrison) · defence ${s.defenderStrength.toFixed(1)} (${s.defendersCommitted})`
          : `attack ${s.attackerStrength.toFixed(1)} (${s.attackersCommitted}) · defence ${s.defenderStrength.toFixed(1)} ${s.defenderSquadId ? `(${s.defendersCommitted})` : `(garrison ${s.garrison})`}`}
      />
      <div className="card-foot">
        {phase === 'muster' ? <span>Muster ends <Countdown to={s.musterEndsAt} clock={serverNow} /></span> : null}
        {phase !== 'resolved' ? <span>Battle ends <Countdown to={s.battleEndsAt} clock={serverNow} /></span> : null}
        {s.result ? (
          <strong data-testid="siege-result" className={(s.result === 'attacker') !== s.counter ? 'text-accent' : 'text-ac'}>
            {s.counter
              ? (s.result === 'attacker' ? 'The AC took it back' : `${s.defenderName} drove the AC off`)
              : s.result === 'attacker' ? `${s.attackerName} took it` : `${s.defenderName || 'The AC'} held it`}
          </strong>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => showOnMap(s.territoryId)}>Show on map</Button>
      </div>
    </li>
  );
}

export function TerritoryWarPanel({ token }: { token: string }) {
  const status = useStore(warStore, (s) => s.status);
  const sieges = useStore(warStore, (s) => s.sieges);
  const notices = useStore(warStore, (s) => s.notices);
  const lastError = useStore(warStore, (s) => s.lastError);
  const now = useTicker(500, true, serverNow);
  if (status === 'error') return <ErrorNote error={lastError} onRetry={() => void connectWar(token)} />;
  if (status !== 'connected' && sieges.length === 0) return <Loading label="Reaching the war room…" />;
  return (
    <div className="territory-war" data-testid="war-panel">
      <p className="muted small">
        To attack, select a territory next to one your squad holds and declare a siege on its card. Members deployed on it when the battle ends fight; the attack must be strictly stronger.
      </p>
      <Section title="Sieges" aside={`${sieges.filter((s) => !s.result).length} running`}>
        {sieges.length === 0 ? <Empty>No sieges you can see right now.</Empty> : (
          <ul className="plain-list">{sieges.map((s) => <SiegeCard key={s.id} s={s} now={now} />)}</ul>
        )}
      </Section>
      {notices.length > 0 ? (
        <Section title="Your squad's notices">
          <ul className="plain-list">
            {notices.map((n) => (
              <li key={`${n.siegeId}-${n.kind}`} className="list-row">
                <span>{n.text}</span>
                <span className="muted small">{formatAgo(n.at, Date.now())}</span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </div>
  );
}
