import { describe, expect, it } from 'vitest';
import { CALENDAR_EVENT_TITLES, calendarOutlook } from '../src/calendar';
import { hexDistance, hexesWithin } from '../src/hex';
import { combatRating } from '../src/reputation';
import { HOLDING_DEFENCE_MULTIPLIER, resolveSiege } from '../src/siege';
import {
  TUTORIAL_STEP_IDS, TUTORIAL_STEPS, isTutorialStepId, tutorialChain, tutorialNoticeText, tutorialRewardText, tutorialRewardTotals,
} from '../src/tutorial';
import {
  NEW_SQUAD_STRENGTH, OUTPOST_GARRISON, STARTING_REACH, TERRAIN_GARRISON, WINNABLE_TARGETS_PER_START,
  garrisonDistancePercent, generateWorld, startingDistances, winnableTargetsNear, type World,
} from '../src/world';

const byHex = (w: World) => new Map(w.territories.map((t) => [`${t.q},${t.r}`, t]));

describe('winnable start (GAME §3.1)', () => {
  const worlds: [string, World][] = [
    ['seed 1', generateWorld({ seed: 1 })],
    ['seed 42', generateWorld({ seed: 42 })],
    ['seed 7, 5 regions, 300 territories', generateWorld({ seed: 7, regions: 5, territories: 300 })],
    ['seed 1, 10,000 territories', generateWorld({ seed: 1, regions: 40, territories: 10000 })],
  ];

  it('world: four new players (4 × 10 = 40) beat a garrison of 30 held ×1.3 = 39, not one of 40 (52)', () => {
    expect(NEW_SQUAD_STRENGTH).toBe(4 * combatRating(0));
    expect(OUTPOST_GARRISON).toBe(30);
    expect(OUTPOST_GARRISON * HOLDING_DEFENCE_MULTIPLIER).toBeLessThan(40);
    const four = [0, 0, 0, 0].map((i) => combatRating(i));
    expect(resolveSiege({ attackers: four, attackerType: 'analysis', defender: { kind: 'ac', garrison: 30 } }))
      .toEqual({ attackerStrength: 40, defenderStrength: 39, attackerWins: true });
    expect(resolveSiege({ attackers: four, attackerType: 'analysis', defender: { kind: 'ac', garrison: 40 } }).attackerWins).toBe(false);
  });

  it.each(worlds)('world (%s): every starting area has at least 3 occupied territories within 2 hexes a new squad beats', (_name, w) => {
    const hexes = byHex(w);
    let starts = 0;
    for (const n of w.territories.filter((t) => t.status === 'neutral')) {
      const inReach = hexesWithin(n, STARTING_REACH).filter((h) => hexes.get(`${h.q},${h.r}`)?.status === 'occupied').length;
      const winnable = winnableTargetsNear(n, hexes);
      // Only a starting area with fewer than 3 occupied hexes in reach at all may have fewer.
      expect({ id: n.id, winnable }).toEqual({ id: n.id, winnable: Math.max(winnable, Math.min(WINNABLE_TARGETS_PER_START, inReach)) });
      if (inReach >= WINNABLE_TARGETS_PER_START) starts++;
      for (const h of hexesWithin(n, STARTING_REACH)) {
        const t = hexes.get(`${h.q},${h.r}`);
        if (t?.status === 'occupied' && t.garrison * HOLDING_DEFENCE_MULTIPLIER < 40) expect(hexDistance(t, n)).toBeLessThanOrEqual(2);
      }
    }
    expect(starts).toBeGreaterThan(w.territories.length * 0.1);
  });

  it.each(worlds)('world (%s): garrisons grow with hex distance from the starting areas', (_name, w) => {
    const distance = startingDistances(w.territories);
    const sums = new Map<number, { sum: number; n: number }>();
    w.territories.forEach((t, i) => {
      if (t.status !== 'occupied') return;
      const cap = Math.max(10, Math.round((TERRAIN_GARRISON[t.terrain].max * garrisonDistancePercent(distance[i])) / 1000) * 10);
      // A restricted territory's garrison is ×2 (GAME §4.5).
      expect(t.garrisonMax).toBeLessThanOrEqual(t.restricted ? 2 * cap : cap);
      expect(t.garrison).toBe(t.garrisonMax);
      const d = Math.min(4, distance[i]);
      const s = sums.get(d) ?? { sum: 0, n: 0 };
      sums.set(d, { sum: s.sum + t.garrisonMax, n: s.n + 1 });
    });
    // Buckets with enough territories to compare (terrain rolls are random).
    const means = [...sums.entries()].filter(([, s]) => s.n >= 10).sort((a, b) => a[0] - b[0]).map(([, s]) => s.sum / s.n);
    expect(means.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < means.length; i++) expect(means[i]).toBeGreaterThan(means[i - 1]);
  });

  it('world: the distance scale is 40 %, 65 %, 85 %, then 100 % from 4 hexes on', () => {
    expect([1, 2, 3, 4, 9].map(garrisonDistancePercent)).toEqual([40, 65, 85, 100, 100]);
  });

  it('world: starting distances are 0 on neutral ground and count hexes along the map', () => {
    const d = startingDistances([
      { q: 0, r: 0, status: 'neutral' }, { q: 1, r: 0, status: 'occupied' }, { q: 2, r: 0, status: 'occupied' }, { q: 5, r: 5, status: 'occupied' },
    ]);
    expect(d).toEqual([0, 1, 2, Infinity]);
  });
});

describe('tutorial chain', () => {
  it('tutorial: seven missions in order, each pointing at the UI it needs', () => {
    expect(TUTORIAL_STEPS.map((s) => s.id)).toEqual(['deploy', 'walk', 'squad', 'operation', 'trade', 'vote', 'intel']);
    expect(TUTORIAL_STEP_IDS).toEqual(TUTORIAL_STEPS.map((s) => s.id));
    expect(TUTORIAL_STEPS.map((s) => s.panel)).toEqual(['map', 'map', 'squads', 'operations', 'exchange', 'squads', 'intel']);
    expect(isTutorialStepId('vote')).toBe(true);
    expect(isTutorialStepId('siege')).toBe(false);
  });

  it('tutorial: the whole chain pays 250 credits, 45 CPU cycles and 20 data credits (modest: ~2 daily login bonuses)', () => {
    expect(tutorialRewardTotals()).toEqual({ resistance_credits: 250, cpu_cycles: 45, data_credits: 20 });
    expect(tutorialRewardText('operation')).toBe('+20 cpu cycles, +25 resistance credits');
  });

  it('tutorial: missions count in any order; the pointer is the first not done; done but unpaid ones are collectable', () => {
    expect(tutorialChain(new Map())).toMatchObject({ current: 'deploy', collectable: [], completed: 0, total: 7 });
    const chain = tutorialChain(new Map([['trade', { rewarded: false }], ['deploy', { rewarded: true }]]));
    expect(chain).toMatchObject({ current: 'walk', collectable: ['trade'], completed: 2 });
    expect(chain.steps.find((s) => s.id === 'deploy')).toEqual({ id: 'deploy', done: true, rewarded: true });
    const all = tutorialChain(new Map(TUTORIAL_STEP_IDS.map((id) => [id, { rewarded: true }])));
    expect(all).toMatchObject({ current: null, collectable: [], completed: 7 });
  });

  it('tutorial: the notice says what was done, what to collect and what is next', () => {
    expect(tutorialNoticeText('deploy', 'walk')).toBe('Mission complete: Move out. Collect +50 resistance credits on your mission card. Next: Walk the ground.');
    expect(tutorialNoticeText('intel', null)).toBe('Mission complete: Report what you see. Collect +25 cpu cycles on your mission card. That was the last one — the network is yours.');
  });
});

describe('calendar outlook (GAME §6.5)', () => {
  it('calendar: on a Tuesday the next event is Workshop Wednesday at midnight UTC', () => {
    const o = calendarOutlook(new Date('2026-11-03T15:00:00Z'));
    expect(o.today.events).toEqual([]);
    expect(o.next).toEqual({
      day: '2026-11-04', startsAt: new Date('2026-11-04T00:00:00Z'), endsAt: new Date('2026-11-05T00:00:00Z'), events: ['workshop_wednesday'],
    });
  });

  it('calendar: the first Friday brings Flashpoint Friday and Global Strike Day; the last Saturday Squad Wars and the Mega Raid', () => {
    expect(calendarOutlook(new Date('2026-11-05T23:59:59Z')).next?.events).toEqual(['flashpoint_friday', 'global_strike_day']);
    expect(calendarOutlook(new Date('2026-11-27T10:00:00Z')).next?.events).toEqual(['squad_wars_saturday', 'mega_raid']);
    expect(calendarOutlook(new Date('2026-11-02T08:00:00Z'))).toMatchObject({ today: { events: ['intelligence_monday'] }, next: { day: '2026-11-04' } });
    expect(CALENDAR_EVENT_TITLES.flashpoint_friday).toBe('Flashpoint Friday');
  });
});
