/**
 * The map key: what the colours and shapes mean in the current map mode (control: the AC,
 * neutral ground, sieges and the squads holding territory, named; terrain: the five terrains),
 * avatars and beacons, and how to move. Collapsible; folded by itself while it would not fit
 * whole under the cards of the left column.
 */
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useStore } from 'zustand';
import { squadsOnMap } from '../state/mapIndex';
import { mapViewStore } from '../state/mapView';
import { AC_COUNTER_SIEGE_COLOR, BEACON_COLOR, MY_AVATAR_COLOR, OTHER_AVATAR_COLOR, RESTRICTED_COLOR, STATUS_COLORS, squadCss, TERRAIN_COLORS, TERRAIN_INFO, TERRAINS } from '../scene/palette';
import { squadStore } from '../features/squads/squadStore';
import { Icon } from './icons';
import { IconButton } from './kit';
import { useWorld } from './hooks';

const MAX_SQUADS = 6;

function Row({ color, label, className, testId }: { color: string; label: ReactNode; className?: string; testId?: string }) {
  return (
    <li className="legend-row" data-testid={testId}>
      <span className={`swatch ${className ?? ''}`} style={{ background: color }} aria-hidden="true" />
      <span className="legend-label">{label}</span>
    </li>
  );
}

/**
 * Whether the unfolded key fits whole in the column it sits in, under `cards` (the stack of cards
 * above it). Measured, not guessed from the window: at 1280×720 the first briefing alone leaves
 * too little room, at 1920×1080 the briefing and a territory card together. The key's unfolded
 * height is the last one seen unfolded (it folds before its first paint if it does not fit).
 */
function useFitsUnder(key: RefObject<HTMLElement | null>, cards: RefObject<HTMLElement | null>): boolean {
  const [fits, setFits] = useState(true);
  const openHeight = useRef(0);
  useLayoutEffect(() => {
    // The column's own ref is not attached yet when its children's layout effects run: its element
    // is the key's parent.
    const k = key.current;
    const col = k?.parentElement;
    const above = cards.current;
    if (!k || !col || !above) return undefined;
    const check = () => {
      if (!k.classList.contains('is-collapsed')) openHeight.current = k.offsetHeight;
      setFits(above.offsetHeight + openHeight.current <= col.clientHeight);
    };
    check();
    const watch = new ResizeObserver(check);
    for (const el of [k, col, above]) watch.observe(el);
    return () => watch.disconnect();
  }, [key, cards]);
  return fits;
}

/** @param cards the cards stacked above the key in the left column. */
export function Legend({ cards }: { cards: RefObject<HTMLElement | null> }) {
  const [chosen, setOpen] = useState<boolean | null>(null);
  const ref = useRef<HTMLElement>(null);
  const fits = useFitsUnder(ref, cards);
  // Folded while it would not fit whole; the player's own choice wins (then the cards scroll).
  const open = chosen ?? fits;
  const mode = useStore(mapViewStore, (s) => s.mode);
  const territories = useWorld((s) => s.territories);
  const mySquad = useStore(squadStore, (s) => s.membership?.squadId ?? '');
  const squads = useMemo(() => squadsOnMap(territories), [territories]);
  return (
    <section ref={ref} className={`legend${open ? '' : ' is-collapsed'}`} data-testid="legend" aria-label="Map key">
      <header className="legend-head">
        <h2>Map key</h2>
        <IconButton label={open ? 'Hide the map key' : 'Show the map key'} onClick={() => setOpen(!open)} aria-expanded={open}>{open ? '–' : '+'}</IconButton>
      </header>
      {open ? (
        <>
          {mode === 'control' ? (
            <ul className="legend-list">
              <Row color={STATUS_COLORS.occupied} label="Occupied by the AC — taller is stronger" />
              <Row color={STATUS_COLORS.neutral} label="Neutral — claim it for your squad" />
              <Row color={STATUS_COLORS.contested} label="Contested — a siege is running" className="pulse" />
              <Row color={AC_COUNTER_SIEGE_COLOR} label="AC counter-siege — the AC strikes back" className="pulse" testId="legend-ac-strike" />
              {squads.length === 0 ? <Row color="linear-gradient(90deg, hsl(160,70%,50%), hsl(210,70%,55%), hsl(280,65%,60%))" label="Liberated — in the holding squad's colour" /> : null}
              {squads.slice(0, MAX_SQUADS).map((s) => (
                <Row key={s.holder} color={squadCss(s.holder)} testId={`legend-squad-${s.name}`}
                  label={<><strong>{s.name}</strong>{s.holder === mySquad ? ' (your squad)' : ''} · {s.count}</>} />
              ))}
              {squads.length > MAX_SQUADS ? <li className="legend-more muted">+ {squads.length - MAX_SQUADS} more squads</li> : null}
            </ul>
          ) : (
            <ul className="legend-list">
              {TERRAINS.map((t) => (
                <li key={t} className="legend-row">
                  <span className="swatch" style={{ background: TERRAIN_COLORS[t] }} aria-hidden="true" />
                  <Icon name={t} size={15} />
                  <span className="legend-label">{TERRAIN_INFO[t].label} <span className="muted">— {TERRAIN_INFO[t].look}</span></span>
                </li>
              ))}
            </ul>
          )}
          <ul className="legend-list legend-secondary">
            <Row color={MY_AVATAR_COLOR} label="You" className="round" />
            <Row color={OTHER_AVATAR_COLOR} label="Other resistants in your region" className="round" />
            <Row color={BEACON_COLOR} label="Operation target (beacon)" className="beam" />
            <Row color={RESTRICTED_COLOR} label={<>Restricted (gold ring) — 1 liberation key to deploy · garrison ×2 · yields ×3</>}
              className="ring" testId="legend-restricted" />
          </ul>
          <div className="legend-hint">Drag to pan · right-drag to rotate · wheel to zoom · WASD to walk · click a hex for its card</div>
        </>
      ) : null}
    </section>
  );
}
