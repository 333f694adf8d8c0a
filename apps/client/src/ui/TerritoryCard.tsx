/**
 * The selected territory's card: what it is (region, terrain, owner by name, garrison, yield),
 * its siege if one runs, and what I can do here — deploy, claim it for my squad, or declare a
 * siege showing both sides' strength — with the reason when an action is not open to me.
 */
import { useStore } from 'zustand';
import { worldConnection } from '../net/connection';
import { NEIGHBOURS, coordKey } from '../state/mapIndex';
import { formatMapHash, mapViewStore } from '../state/mapView';
import { formatAmount, formatResource } from '../state/profileView';
import { myAvatar, pushToast, selectTerritory, serverNow } from '../state/worldStore';
import type { RegionView, TerritoryView } from '../state/worldTypes';
import { STATUS_WORDS, TERRAIN_INFO, territoryCss, type TerrainName } from '../scene/palette';
import { squadStore } from '../features/squads/squadStore';
import { siegeOn, claimTerritory, declareSiege, warStore } from '../features/territory/warStore';
import { attackersNeeded, defenceOf, myCombatRating } from '../features/territory/siegeWords';
import { SiegeOdds } from '../features/onboarding/SiegeOdds';
import { Icon, isIconName } from './icons';
import { Badge, Button, Countdown, Facts, IconButton, Panel } from './kit';
import { useSession, useWorld } from './hooks';

const STATUS_TONE: Record<string, 'ac' | 'neutral' | 'accent' | 'contested'> = {
  occupied: 'ac', neutral: 'neutral', liberated: 'accent', contested: 'contested',
};

function regionName(regions: ReadonlyMap<string, RegionView>, id: number): string {
  const direct = regions.get(String(id));
  if (direct) return direct.name;
  for (const r of regions.values()) if (r.id === id) return r.name;
  return `Region ${id}`;
}

/** What a restricted territory means (GAME §4.5), on its card, its hover card and in the map key. */
export const RESTRICTED_WORDS = 'Restricted — 1 liberation key to deploy · garrison ×2 · yields ×3';

/** The owner as players name it: the squad, the AC, or nobody. Never an id. */
export function ownerName(t: { status: string; holder: string; holderName: string }): string {
  if (t.holder) return t.holderName || 'a resistance squad';
  // A contested territory without a holder is the AC's under a squad's siege (neutral ground is claimed, never besieged).
  if (t.status === 'occupied' || t.status === 'contested') return 'Algorithmic Control';
  return 'Nobody';
}

/** A link to this territory on the map (the URL hash `#q,r,zoom`). */
export function territoryLink(t: { q: number; r: number }, zoom = 16): string {
  return `${window.location.origin}${window.location.pathname}${formatMapHash({ q: t.q, r: t.r, zoom })}`;
}

function copyLink(t: TerritoryView): void {
  const url = territoryLink(t, Math.min(60, mapViewStore.getState().distance));
  void navigator.clipboard?.writeText(url).then(
    () => pushToast('success', `Link to ${t.name} copied.`),
    () => pushToast('info', url, undefined, 'Link to this territory'),
  );
}

/** One empty list for every squadless render: a new `[]` from a store selector re-renders forever. */
const NO_PERKS: readonly string[] = [];

function SiegeActions({ t }: { t: TerritoryView }) {
  const membership = useStore(squadStore, (s) => s.membership);
  const squadType = useStore(squadStore, (s) => s.squad?.type ?? '');
  const perks = useStore(squadStore, (s) => s.squad?.perks ?? NO_PERKS);
  const influence = useSession((s) => s.profile?.influence ?? 0);
  const territories = useWorld((s) => s.territories);
  const myPlace = useWorld((s) => `${myAvatar(s)?.territoryId ?? ''}:${myAvatar(s)?.arrivesAt ?? 0}`);
  if (!membership || t.holder === membership.squadId) return null;
  if (t.status !== 'occupied' && t.status !== 'liberated') return null;
  const officer = membership.role === 'leader' || membership.role === 'officer';
  // Adjacent to a territory my squad holds, or anywhere while it holds none (GAME §3.3).
  let holdsAny = false;
  let adjacent = false;
  const byCoord = new Map<number, TerritoryView>();
  for (const x of territories.values()) {
    byCoord.set(coordKey(x.q, x.r), x);
    if (x.holder === membership.squadId) holdsAny = true;
  }
  for (const [dq, dr] of NEIGHBOURS) if (byCoord.get(coordKey(t.q + dq, t.r + dr))?.holder === membership.squadId) adjacent = true;
  const defence = defenceOf(t);
  const rating = myCombatRating(influence, perks.includes('Elite_Training'));
  const strike = squadType === 'strike_team';
  const need = defence.strength !== null ? attackersNeeded(defence.strength, rating, strike) : null;
  return (
    <div className="card siege-declare" data-testid="siege-declare">
      <div className="card-head"><strong>Siege</strong></div>
      <SiegeOdds territoryId={t.id} garrison={t.garrison} hereKey={myPlace} />
      <div className="siege-strengths">
        <div><span className="muted small">Defence</span><div data-testid="siege-defence">{defence.text}</div></div>
        <div>
          <span className="muted small">Your side</span>
          <div data-testid="siege-attack">
            Your squad's members on this territory when the battle ends; you count {rating.toFixed(rating % 1 ? 1 : 0)}{strike ? ' ×1.2 (strike team)' : ''}.
            {need !== null ? <> About <strong>{need}</strong> member{need === 1 ? '' : 's'} like you would win.</> : null}
          </div>
        </div>
      </div>
      {!officer ? <p className="muted small">Only your squad's leader or officers declare sieges; propose one to your squad in Squad → Decisions.</p>
        : holdsAny && !adjacent ? <p className="muted small">Your squad can only besiege territory next to ground it holds.</p>
        : <Button variant="danger" testId="declare-siege" onClick={() => declareSiege(t.id)}>Declare a siege</Button>}
    </div>
  );
}

export function TerritoryCard() {
  const t = useWorld((s) => (s.selectedTerritoryId ? s.territories.get(s.selectedTerritoryId) : undefined));
  const regions = useWorld((s) => s.regions);
  const myTerritoryId = useWorld((s) => myAvatar(s)?.territoryId ?? null);
  const myArrivesAt = useWorld((s) => myAvatar(s)?.arrivesAt ?? 0);
  const deployment = useWorld((s) => s.deployment);
  const connected = useWorld((s) => s.connection === 'connected');
  const membership = useStore(squadStore, (s) => s.membership);
  const siege = useStore(warStore, (s) => (t ? siegeOn(s.sieges, t.id) : undefined));
  const keys = useSession((s) => s.profile?.balances?.liberation_keys ?? '0');
  if (!t) return null;

  // My avatar's arrivesAt > 0 while travelling (the server resets it to 0 on arrival); the
  // `deployed` message covers the moment before the avatar's patch arrives.
  const travelling = myArrivesAt > 0;
  const headingHere = travelling && myTerritoryId === t.id;
  const arrivesAt = headingHere ? myArrivesAt : deployment && deployment.territoryId === t.id ? deployment.arrivesAt : 0;
  const here = myTerritoryId === t.id && !travelling;
  const terrain = TERRAIN_INFO[t.terrain as TerrainName];

  return (
    <Panel
      as="aside"
      className="territory-card"
      testId="territory-panel"
      tone={STATUS_TONE[t.status] ?? 'neutral'}
      title={<span className="title-with-dot"><span className="status-dot" style={{ background: territoryCss(t.status, t.holder) }} /><span data-testid="territory-name">{t.name}</span></span>}
      label={`Territory ${t.name}`}
      subtitle={`${regionName(regions, t.regionId)} · hex ${t.q}, ${t.r}`}
      actions={<IconButton label="Copy a link to this territory" onClick={() => copyLink(t)}><Icon name="link" size={16} /></IconButton>}
      onClose={() => selectTerritory(null)}
    >
      <div className="card-head">
        <Badge tone={STATUS_TONE[t.status] ?? 'neutral'} testId="territory-status">{STATUS_WORDS[t.status] ?? t.status}</Badge>
        {t.holder && membership?.squadId === t.holder ? <Badge tone="ok">your squad</Badge> : null}
      </div>
      {t.restricted ? (
        <p className="restricted-note" data-testid="territory-restricted">
          <Icon name="lock" size={14} /> {RESTRICTED_WORDS}
        </p>
      ) : null}
      <Facts items={[
        { label: 'Terrain', value: <span className="with-icon">{isIconName(t.terrain) ? <Icon name={t.terrain} size={15} /> : null}{terrain?.label ?? t.terrain}</span>, testId: 'territory-terrain' },
        { label: 'Held by', value: ownerName(t), testId: 'territory-holder' },
        t.status === 'occupied' || t.status === 'contested'
          ? { label: 'AC garrison', value: `${t.garrison.toLocaleString()} / ${t.garrisonMax.toLocaleString()}`, testId: 'territory-garrison' }
          : { label: 'Garrison', value: 'none', testId: 'territory-garrison' },
        { label: 'Yield', value: `${formatResource(t.yieldPerHour, t.yieldResource)} / h`, testId: 'territory-yield' },
      ]} />
      {siege ? (
        <div className="card siege-live" data-testid="territory-siege">
          <div className="card-head"><strong>{siege.attackerName} vs {siege.defenderName || 'the AC'}</strong></div>
          <div className="small">
            {serverNow() < siege.musterEndsAt
              ? <>Muster ends <Countdown to={siege.musterEndsAt} clock={serverNow} /></>
              : <>Battle ends <Countdown to={siege.battleEndsAt} clock={serverNow} /></>}
            {' · '}attack {siege.attackerStrength.toFixed(1)} vs defence {siege.defenderStrength.toFixed(1)}
          </div>
        </div>
      ) : null}
      {arrivesAt > 0 && (headingHere || myTerritoryId !== t.id) ? (
        <p className="travel" data-testid="travel-countdown">Travelling… arriving <Countdown to={arrivesAt} clock={serverNow} done="now" /></p>
      ) : here ? (
        <p className="travel" data-testid="deployed-here">You are deployed here. Walk with WASD or the arrow keys.</p>
      ) : null}
      <div className="card-actions">
        <Button variant="primary" testId="deploy" disabled={!connected || here || travelling || (t.restricted && !here && BigInt(keys) < 1n)}
          title={t.restricted && !here && BigInt(keys) < 1n ? 'You hold no liberation key' : undefined}
          onClick={() => worldConnection.deploy(t.id)}>
          {here ? 'Deployed here' : t.restricted ? <>Deploy here · 1 key <span className="muted" data-testid="deploy-keys">(you hold {formatAmount(keys)})</span></> : 'Deploy here'}
        </Button>
        {t.status === 'neutral' ? (
          membership ? (
            <Button testId="claim-territory" disabled={!here} title={here ? undefined : 'Deploy here first'} onClick={() => claimTerritory(t.id)}>Claim for my squad</Button>
          ) : <span className="muted small">Join a squad to claim neutral ground.</span>
        ) : null}
      </div>
      {t.status === 'neutral' && membership && !here ? <p className="muted small">To claim it, deploy here first; your squad must be active.</p> : null}
      <SiegeActions t={t} />
    </Panel>
  );
}
