import { describe, expect, it } from 'vitest';
import {
  ACHIEVEMENTS, BADGE_RARITIES, CLASSIFIED, LEVEL_10_XP, SECRET_MISSION_HANDLERS, achievementDef, awakensMasses, codex,
  completesGhostProtocol, foundsSquad, holdersShareBps, holdsAllPaths, isAchievementId, isCommunityPillar, isRevelation,
  isSpeedRun, mastersMentoring, reachesLevel10, slaysBoss, specializations,
} from '../src/index';

const HOUR = 3_600_000;

describe('achievements (GAME §5)', () => {
  it('achievements: the twelve of the table with their XP and badges, in order', () => {
    expect(ACHIEVEMENTS.map((a) => [a.id, a.xp, a.badge, a.secret])).toEqual([
      ['first_blood', 100, 'bronze_star', false],
      ['level_10', 1000, 'silver_shield', false],
      ['all_paths', 10000, 'rainbow_crown', false],
      ['boss_slayer', 500, 'sword_icon', false],
      ['perfect_run', 2000, 'perfect_star', false],
      ['speed_demon', 1500, 'lightning_bolt', false],
      ['squad_founder', 1000, 'crown_icon', false],
      ['mentor_master', 5000, 'teacher_hat', false],
      ['community_pillar', 10000, 'pillar_badge', false],
      ['truth_seeker', 2000, 'magnifying_glass', false],
      ['ghost_protocol', 10000, 'ghost_icon', true],
      ['the_revelation', 100000, 'eye_icon', true],
    ]);
    for (const a of ACHIEVEMENTS) expect(BADGE_RARITIES).toContain(a.rarity);
    expect(BADGE_RARITIES).toEqual(['common', 'uncommon', 'rare', 'epic', 'legendary', 'mythic']);
    expect(isAchievementId('the_revelation')).toBe(true);
    expect(isAchievementId('mass_awakening')).toBe(false); // a §1 multiplier, not a §5 achievement
    expect(achievementDef('nope')).toBeUndefined();
  });

  it('level_10: crossing 8100 XP (100·9²), not before, not again', () => {
    expect(LEVEL_10_XP).toBe(8100);
    expect(reachesLevel10(8099, 8100)).toBe(true);
    expect(reachesLevel10(0, 9000)).toBe(true);
    expect(reachesLevel10(8000, 8099)).toBe(false);
    expect(reachesLevel10(8100, 9100)).toBe(false);
  });

  it('all_paths: all five specializations at their strict thresholds', () => {
    const all = { technicalMastery: 7501, truthScore: 8001, investigationsLed: 11, studentsMentored: 21, contentPassed: 16 };
    expect(holdsAllPaths(specializations(all))).toBe(true);
    expect(holdsAllPaths(specializations({ ...all, technicalMastery: 7500 }))).toBe(false);
    expect(holdsAllPaths(specializations({ ...all, truthScore: 8000 }))).toBe(false);
    expect(holdsAllPaths(specializations({ ...all, investigationsLed: 10 }))).toBe(false);
    expect(holdsAllPaths(specializations({ ...all, studentsMentored: 20 }))).toBe(false);
    expect(holdsAllPaths(specializations({ ...all, contentPassed: 15 }))).toBe(false);
  });

  it('boss_slayer: a won siege against an AC garrison ≥ 500; a squad defender never counts', () => {
    expect(slaysBoss({ attackerWon: true, acGarrison: 500 })).toBe(true);
    expect(slaysBoss({ attackerWon: true, acGarrison: 499 })).toBe(false);
    expect(slaysBoss({ attackerWon: false, acGarrison: 900 })).toBe(false);
    expect(slaysBoss({ attackerWon: true, acGarrison: null })).toBe(false);
  });

  it('speed_demon: a successful flashpoint completed within its first 2 game hours', () => {
    const op = { type: 'flashpoint', success: true, activeAt: 0, completedAt: 2 * HOUR, hourMs: HOUR };
    expect(isSpeedRun(op)).toBe(true);
    expect(isSpeedRun({ ...op, completedAt: 2 * HOUR + 1 })).toBe(false);
    expect(isSpeedRun({ ...op, success: false })).toBe(false);
    expect(isSpeedRun({ ...op, type: 'rapid' })).toBe(false);
    // TIME_SCALE 1440: a game hour is 2.5 s.
    expect(isSpeedRun({ ...op, hourMs: 2500, completedAt: 5000 })).toBe(true);
    expect(isSpeedRun({ ...op, hourMs: 2500, completedAt: 5001 })).toBe(false);
  });

  it('squad_founder at level 2, mentor_master at 10 graduations, community_pillar at 1000 points, mass_awakening at 1000 players', () => {
    expect([foundsSquad(1), foundsSquad(2), foundsSquad(6)]).toEqual([false, true, true]);
    expect([mastersMentoring(9), mastersMentoring(10)]).toEqual([false, true]);
    expect([isCommunityPillar(990), isCommunityPillar(1000)]).toEqual([false, true]);
    expect([awakensMasses(999), awakensMasses(1000)]).toEqual([false, true]);
  });

  it('ghost_protocol: a secret mission of every handler; the_revelation: the hidden objective of a liberation war', () => {
    expect(SECRET_MISSION_HANDLERS).toEqual(['Cipher', 'Oracle', 'Vanguard']);
    expect(completesGhostProtocol(['Oracle', 'Cipher', 'Vanguard', 'Ledger'])).toBe(true);
    expect(completesGhostProtocol(['Oracle', 'Cipher'])).toBe(false);
    expect(isRevelation({ operationType: 'liberation_war', tier: 'hidden' })).toBe(true);
    expect(isRevelation({ operationType: 'liberation_war', tier: 'primary' })).toBe(false);
    expect(isRevelation({ operationType: 'investigation', tier: 'hidden' })).toBe(false);
  });

  it('codex: a secret achievement is [CLASSIFIED] with nothing of its id, condition, XP or badge until earned', () => {
    const shares = new Map([['first_blood', 5000], ['the_revelation', 1]]);
    const before = codex(new Map(), shares);
    expect(before).toHaveLength(12);
    const hidden = before.filter((e) => e.secret);
    expect(hidden.map((e) => e.id)).toEqual(['classified-1', 'classified-2']);
    for (const e of hidden) {
      expect(e).toEqual({
        id: e.id, title: CLASSIFIED, condition: CLASSIFIED, xp: 0, badge: '', rarity: null, secret: true, earned: false,
        earnedAt: null, holdersBps: null,
      });
    }
    const text = JSON.stringify(before);
    for (const leak of ['the_revelation', 'ghost_protocol', 'eye_icon', 'ghost_icon', 'liberation war', 'handler secret', '100000']) {
      expect(text).not.toContain(leak);
    }
    expect(before[0]).toMatchObject({ id: 'first_blood', earned: false, holdersBps: 5000, rarity: 'common' });

    const earnedAt = new Date('2026-05-01T10:00:00Z');
    const after = codex(new Map([['the_revelation', earnedAt]]), shares);
    expect(after[11]).toMatchObject({
      id: 'the_revelation', title: 'The Revelation', xp: 100000, badge: 'eye_icon', rarity: 'mythic', earned: true,
      earnedAt: '2026-05-01T10:00:00.000Z', holdersBps: 1,
    });
    expect(after[10].id).toBe('classified-1');
  });

  it('badge share: holders ÷ players in basis points, rounded down', () => {
    expect(holdersShareBps(1, 3)).toBe(3333);
    expect(holdersShareBps(3, 3)).toBe(10000);
    expect(holdersShareBps(1, 1_000_000)).toBe(0);
    expect(holdersShareBps(0, 0)).toBe(0);
  });
});
