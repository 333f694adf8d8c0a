/**
 * Siege UI: claim or besiege the selected territory, every visible siege with its muster and
 * battle countdowns, live committed strengths of both sides, and the result. Text only.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { formatCountdown } from '../../state/profileView';
import { useWorld } from '../../ui/hooks';
import { claimTerritory, connectWar, declareSiege, warStore, type SiegeView } from './warStore';
import { useNow } from '../../ui/hooks';

function SiegeRow({ s, now }: { s: SiegeView; now: number }) {
  const phase = s.result ? 'resolved' : now < s.musterEndsAt ? 'muster' : 'battle';
  return (
    <li data-testid={`siege-${s.id}`} className={`siege siege-${phase}`}>
      <div><strong>{s.territoryName}</strong>: {s.attackerName} vs {s.defenderName}{s.ghost ? ' (ghost)' : ''}</div>
      {phase === 'muster' ? <div>Muster ends in {formatCountdown(s.musterEndsAt - now)}</div> : null}
      {phase !== 'resolved' ? <div>Battle ends in {formatCountdown(s.battleEndsAt - now)}</div> : null}
      <div>
        Attack {s.attackerStrength.toFixed(1)} ({s.attackersCommitted} committed) · Defence {s.defenderStrength.toFixed(1)}
        {s.defenderSquadId ? ` (${s.defendersCommitted} committed)` : ` (garrison ${s.garrison})`}
      </div>
      {s.result ? <div data-testid="siege-result">{s.result === 'attacker' ? `${s.attackerName} took it` : `${s.defenderName} held`}</div> : null}
    </li>
  );
}

export function TerritoryWarPanel({ token }: { token: string }) {
  useEffect(() => void connectWar(token), [token]);
  const status = useStore(warStore, (s) => s.status);
  const sieges = useStore(warStore, (s) => s.sieges);
  const notices = useStore(warStore, (s) => s.notices);
  const lastError = useStore(warStore, (s) => s.lastError);
  const selected = useWorld((s) => (s.selectedTerritoryId ? s.territories.get(s.selectedTerritoryId) : undefined));
  const now = useNow(250);
  return (
    <div className="territory-war">
      {status !== 'connected' ? <p>{status === 'error' ? `Cannot reach the war room: ${lastError ?? ''}` : 'Connecting…'}</p> : null}
      {selected ? (
        <div className="war-actions">
          <p><strong>{selected.name}</strong> — {selected.status}</p>
          <button data-testid="claim-territory" disabled={selected.status !== 'neutral'} onClick={() => claimTerritory(selected.id)}>
            Claim for my squad
          </button>
          <button
            data-testid="declare-siege"
            disabled={selected.status === 'neutral' || selected.status === 'contested'}
            onClick={() => declareSiege(selected.id)}
          >
            Declare siege
          </button>
        </div>
      ) : <p>Select a territory on the map to claim or besiege it.</p>}
      <h3>Sieges</h3>
      {sieges.length === 0 ? <p>No sieges you can see.</p> : (
        <ul className="siege-list">{sieges.map((s) => <SiegeRow key={s.id} s={s} now={now} />)}</ul>
      )}
      {notices.length > 0 ? (
        <>
          <h3>Notices</h3>
          <ul className="war-notices">{notices.map((n) => <li key={`${n.siegeId}-${n.kind}`}>{n.text}</li>)}</ul>
        </>
      ) : null}
    </div>
  );
}
