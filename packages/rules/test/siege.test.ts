import { describe, expect, it } from 'vitest';
import { activeModifiers } from '../src/calendar';
import {
  canDeclareSiege, resolveSiege, SIEGE_LOSS_IMPACT, SIEGE_WIN_IMPACT, siegeCooldownRemainingMs, siegeCooldownSeconds,
  siegeTimeline,
} from '../src/siege';

const T0 = Date.UTC(2026, 10, 5, 12, 0, 0);
const base = { declaredAt: T0, musterSeconds: 30, battleSeconds: 60, rapidDeployment: false, extendedOperations: false };

describe('siege timeline', () => {
  it('siege: 30 s muster then a 60 s battle window', () => {
    expect(siegeTimeline(base)).toEqual({ musterEndsAt: T0 + 30_000, battleEndsAt: T0 + 90_000, revealedToDefenderAt: T0 });
  });

  it('siege: Rapid_Deployment skips the muster', () => {
    const t = siegeTimeline({ ...base, rapidDeployment: true });
    expect(t.musterEndsAt).toBe(T0);
    expect(t.battleEndsAt).toBe(T0 + 60_000);
  });

  it('siege: Extended_Operations makes the battle window 50 % longer (90 s)', () => {
    expect(siegeTimeline({ ...base, extendedOperations: true }).battleEndsAt).toBe(T0 + 30_000 + 90_000);
    expect(siegeTimeline({ ...base, rapidDeployment: true, extendedOperations: true }).battleEndsAt).toBe(T0 + 90_000);
  });

  it('siege: Ghost_Mode hides the muster until the battle starts', () => {
    expect(siegeTimeline({ ...base, ghostMode: true }).revealedToDefenderAt).toBe(T0 + 30_000);
  });

  it('siege: tunable durations', () => {
    expect(siegeTimeline({ ...base, musterSeconds: 5, battleSeconds: 11, extendedOperations: true })).toMatchObject({
      musterEndsAt: T0 + 5_000, battleEndsAt: T0 + 5_000 + 16_500,
    });
  });
});

describe('siege resolution', () => {
  it('siege: attacker strength is the sum of committed ratings', () => {
    const r = resolveSiege({ attackers: [20, 30, 15], attackerType: 'analysis', defender: { kind: 'ac', garrison: 40 } });
    expect(r.attackerStrength).toBe(65);
    expect(r.defenderStrength).toBe(52); // 40 × 1.3
    expect(r.attackerWins).toBe(true);
  });

  it('siege: defender holding territory gets ×1.3 (AC garrison too)', () => {
    expect(resolveSiege({ attackers: [], attackerType: 'analysis', defender: { kind: 'ac', garrison: 500 } }).defenderStrength).toBe(650);
    expect(resolveSiege({ attackers: [], attackerType: 'analysis', defender: { kind: 'squad', ratings: [50, 50], type: 'research' } }).defenderStrength).toBe(130);
  });

  it('siege: ties go to the defender (65 vs 50 × 1.3)', () => {
    const r = resolveSiege({ attackers: [65], attackerType: 'analysis', defender: { kind: 'ac', garrison: 50 } });
    expect(r).toEqual({ attackerStrength: 65, defenderStrength: 65, attackerWins: false });
    expect(resolveSiege({ attackers: [65.000001], attackerType: 'analysis', defender: { kind: 'ac', garrison: 50 } }).attackerWins).toBe(true);
  });

  it('siege: strike_team attacks ×1.2', () => {
    const r = resolveSiege({ attackers: [50, 50], attackerType: 'strike_team', defender: { kind: 'ac', garrison: 90 } });
    expect(r.attackerStrength).toBe(120);
    expect(r.defenderStrength).toBe(117);
    expect(r.attackerWins).toBe(true);
    // without the bonus 100 < 117
    expect(resolveSiege({ attackers: [50, 50], attackerType: 'infiltration', defender: { kind: 'ac', garrison: 90 } }).attackerWins).toBe(false);
  });

  it('siege: infiltration defends ×1.3 × 1.1 = ×1.43', () => {
    const r = resolveSiege({ attackers: [143], attackerType: 'analysis', defender: { kind: 'squad', ratings: [60, 40], type: 'infiltration' } });
    expect(r.defenderStrength).toBe(143);
    expect(r.attackerWins).toBe(false); // tie → defender
  });

  it('siege: strike_team against infiltration, exact tie at 120 vs 120', () => {
    const r = resolveSiege({ attackers: [100], attackerType: 'strike_team', defender: { kind: 'squad', ratings: [120 / 1.43], type: 'infiltration' } });
    expect(r.attackerStrength).toBe(120);
    expect(r.defenderStrength).toBe(120);
    expect(r.attackerWins).toBe(false);
  });

  it('siege: Elite_Training float ratings do not break ties (11 × 1.1 = 12.1)', () => {
    const r = resolveSiege({ attackers: [11 * 1.1, 11 * 1.1], attackerType: 'analysis', defender: { kind: 'squad', ratings: [24.2 / 1.3], type: 'research' } });
    expect(r.attackerStrength).toBe(24.2);
    expect(r.defenderStrength).toBe(24.2);
    expect(r.attackerWins).toBe(false);
  });

  it('siege: nobody committed against an empty garrison is a tie, the defender holds', () => {
    expect(resolveSiege({ attackers: [], attackerType: 'analysis', defender: { kind: 'squad', ratings: [], type: 'research' } }).attackerWins).toBe(false);
  });

  it('siege: a loss costs each attacker 100 impactRating; a win gives +50', () => {
    expect(SIEGE_LOSS_IMPACT).toBe(-100);
    expect(SIEGE_WIN_IMPACT).toBe(50);
  });
});

describe('siege cooldown and declaration', () => {
  it('siege cooldown: 10 min normally, halved on Squad Wars Saturday', () => {
    expect(siegeCooldownSeconds(600, activeModifiers(new Date('2026-11-20T12:00:00Z')))).toBe(600);
    expect(siegeCooldownSeconds(600, activeModifiers(new Date('2026-11-21T12:00:00Z')))).toBe(300);
    expect(siegeCooldownSeconds(601, { siegeCooldownMultiplier: 0.5 })).toBe(301);
  });

  it('siege cooldown: remaining time after a resolution', () => {
    expect(siegeCooldownRemainingMs(T0, T0 + 100_000, 600)).toBe(500_000);
    expect(siegeCooldownRemainingMs(T0, T0 + 600_000, 600)).toBe(0);
    expect(siegeCooldownRemainingMs(T0, T0 + 700_000, 600)).toBe(0);
  });

  it('siege declaration: any territory while the squad holds none', () => {
    expect(canDeclareSiege({ squadHoldings: [], target: { q: 40, r: -12 } })).toBe(true);
  });

  it('siege declaration: only territories adjacent to a holding', () => {
    const squadHoldings = [{ q: 0, r: 0 }, { q: 5, r: 5 }];
    expect(canDeclareSiege({ squadHoldings, target: { q: 1, r: -1 } })).toBe(true);
    expect(canDeclareSiege({ squadHoldings, target: { q: 5, r: 6 } })).toBe(true);
    expect(canDeclareSiege({ squadHoldings, target: { q: 2, r: 0 } })).toBe(false);
    expect(canDeclareSiege({ squadHoldings, target: { q: 0, r: 0 } })).toBe(false); // its own
  });
});
