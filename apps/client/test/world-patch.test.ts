import { describe, expect, it } from 'vitest';
import { applyWorldPatch, findMyAvatarKey, travelPosition, type WorldSlices } from '../src/state/applyPatch';
import { sampleMotion } from '../src/state/motion';
import type { AvatarFields, TerritoryFields } from '../src/state/worldTypes';

const at = (now: number) => ({ now, serverNow: 1_000_000 + now });
const empty: WorldSlices = { regions: new Map(), territories: new Map(), territoryIds: [], avatars: new Map(), avatarIds: [] };

function territory(id: string, q: number, r: number, extra: Partial<TerritoryFields> = {}): TerritoryFields {
  return {
    id, q, r, regionId: 1, name: id, terrain: 'urban', status: 'neutral', holder: '', holderName: '',
    garrison: 0, garrisonMax: 0, yieldResource: 'resistance_credits', yieldPerHour: 10, ...extra,
  };
}
function avatar(id: string, x: number, y: number, extra: Partial<AvatarFields> = {}): AvatarFields {
  return { id, name: id, rank: 'Recruit', territoryId: 't1', regionId: 1, x, y, seq: 0, arrivesAt: 0, ...extra };
}

describe('world patch', () => {
  it('adds territories with their hex centre, keeping insertion order for instances', () => {
    const s = applyWorldPatch(empty, { territories: new Map([['a', territory('a', 0, 0)], ['b', territory('b', 1, 2)]]) }, at(0));
    expect(s.territoryIds).toEqual(['a', 'b']);
    const b = s.territories.get('b')!;
    expect(b.cx).toBeCloseTo(Math.sqrt(3) * 2);
    expect(b.cy).toBeCloseTo(3);
  });

  it('an unchanged territory keeps its object and the ids array keeps its identity', () => {
    const s1 = applyWorldPatch(empty, { territories: new Map([['a', territory('a', 0, 0)]]) }, at(0));
    const s2 = applyWorldPatch(s1, { territories: new Map([['a', territory('a', 0, 0)]]) }, at(0));
    expect(s2.territories).toBe(s1.territories);
    expect(s2.territoryIds).toBe(s1.territoryIds);
  });

  it('a status change replaces only that territory; a removal drops it from the order', () => {
    const s1 = applyWorldPatch(empty, { territories: new Map([['a', territory('a', 0, 0)], ['b', territory('b', 1, 0)]]) }, at(0));
    const s2 = applyWorldPatch(s1, { territories: new Map([['b', territory('b', 1, 0, { status: 'contested' })]]) }, at(0));
    expect(s2.territories.get('a')).toBe(s1.territories.get('a'));
    expect(s2.territories.get('b')!.status).toBe('contested');
    expect(s2.territoryIds).toBe(s1.territoryIds);
    const s3 = applyWorldPatch(s2, { territories: new Map([['a', null]]) }, at(0));
    expect(s3.territoryIds).toEqual(['b']);
  });

  it('a moved avatar starts a glide from where it is drawn', () => {
    const s1 = applyWorldPatch(empty, { avatars: new Map([['p1', avatar('p1', 0, 0)]]) }, at(1000));
    const s2 = applyWorldPatch(s1, { avatars: new Map([['p1', avatar('p1', 1, 0, { seq: 1 })]]) }, at(2000));
    const m = s2.avatars.get('p1')!.motion;
    expect([m.fromX, m.toX, m.startedAt]).toEqual([0, 1, 2000]);
    expect(s2.avatars.get('p1')!.seq).toBe(1);
  });

  it('finds my avatar by session id or by player id', () => {
    const s = applyWorldPatch(empty, { avatars: new Map([['sess-1', avatar('player-9', 0, 0)]]) }, at(0));
    expect(findMyAvatarKey(s.avatars, { sessionId: 'sess-1', playerId: null })).toBe('sess-1');
    expect(findMyAvatarKey(s.avatars, { sessionId: 'other', playerId: 'player-9' })).toBe('sess-1');
    expect(findMyAvatarKey(s.avatars, { sessionId: 'x', playerId: 'y' })).toBeNull();
  });
});

describe('deployment travel', () => {
  it('a trip starts where the avatar is drawn and ends at the target centre', () => {
    const s1 = applyWorldPatch(empty, { avatars: new Map([['p1', avatar('p1', 0, 0)]]) }, at(0));
    const s2 = applyWorldPatch(s1, { avatars: new Map([['p1', avatar('p1', 0, 0, { territoryId: 't9', arrivesAt: 1_004_000 })]]) }, at(0));
    const travel = s2.avatars.get('p1')!.travel!;
    expect(travel).toEqual({ fromX: 0, fromY: 0, startedAt: 1_000_000 });
    const out = { x: 0, y: 0, lift: 0 };
    travelPosition(travel, 1_004_000, { x: 8, y: 4 }, 1_002_000, out);
    expect([out.x, out.y, out.lift]).toEqual([4, 2, 1]);
    travelPosition(travel, 1_004_000, { x: 8, y: 4 }, 1_009_000, out);
    expect([out.x, out.y]).toEqual([8, 4]);
  });

  it('arrival (arrivesAt back to 0) ends the trip at the new position without a glide', () => {
    const s1 = applyWorldPatch(empty, { avatars: new Map([['p1', avatar('p1', 0, 0, { arrivesAt: 1_004_000 })]]) }, at(0));
    const s2 = applyWorldPatch(s1, { avatars: new Map([['p1', avatar('p1', 1.7, 0, { arrivesAt: 0 })]]) }, at(4000));
    const a = s2.avatars.get('p1')!;
    expect(a.travel).toBeNull();
    expect(sampleMotion(a.motion, 4000, { x: 0, y: 0 })).toEqual({ x: 1.7, y: 0 });
  });
});

describe('region tints', () => {
  it('neighbouring regions get different tints', async () => {
    const { buildMapIndex, NEIGHBOURS, coordKey } = await import('../src/state/mapIndex');
    const { generateWorld } = await import('@datavism/rules');
    const world = generateWorld({ seed: 3, regions: 12, territories: 600 });
    const s = applyWorldPatch(empty, {
      territories: new Map(world.territories.map((t) => [t.id, territory(t.id, t.q, t.r, { regionId: t.regionId })])),
    }, at(0));
    const index = buildMapIndex(s.territories);
    expect(new Set(index.regionTint.keys()).size).toBe(12);
    let borders = 0;
    for (const t of s.territories.values()) {
      for (const [dq, dr] of NEIGHBOURS) {
        const n = s.territories.get(index.byCoord.get(coordKey(t.q + dq, t.r + dr)) ?? '');
        if (!n || n.regionId === t.regionId) continue;
        borders++;
        expect(index.regionTint.get(n.regionId)).not.toBe(index.regionTint.get(t.regionId));
      }
    }
    expect(borders).toBeGreaterThan(0);
  });
});
