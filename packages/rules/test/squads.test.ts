import { describe, expect, it } from 'vitest';
import {
  CLASS_BOUNDS, decisionPasses, hasSquadPerk, isSquadActive, LEVEL_CAPS, LEVEL_NAMES, maxMembers, SQUAD_TYPES,
  squadClass, squadLevel, squadLevelName, squadPerks, squadPoints, territoryLimit,
} from '../src/squads';

describe('squad types and classes', () => {
  it('squads: twelve types in four classes of three', () => {
    expect(SQUAD_TYPES).toHaveLength(12);
    expect(['strike_team', 'infiltration', 'analysis'].map((t) => squadClass(t as never))).toEqual(['tactical', 'tactical', 'tactical']);
    expect(['research', 'training', 'propaganda'].map((t) => squadClass(t as never))).toEqual(['strategic', 'strategic', 'strategic']);
    expect(['liberation', 'peoples', 'brigade'].map((t) => squadClass(t as never))).toEqual(['mass', 'mass', 'mass']);
    expect(['shadow', 'ghost', 'handler'].map((t) => squadClass(t as never))).toEqual(['elite', 'elite', 'elite']);
  });

  it('squads: class bounds 5–10, 10–25, 25–100, 3–5', () => {
    expect(CLASS_BOUNDS).toEqual({
      tactical: { min: 5, max: 10 }, strategic: { min: 10, max: 25 }, mass: { min: 25, max: 100 }, elite: { min: 3, max: 5 },
    });
  });

  it('squads: active once at the class minimum', () => {
    expect(isSquadActive('strike_team', 4)).toBe(false);
    expect(isSquadActive('strike_team', 5)).toBe(true);
    expect(isSquadActive('research', 9)).toBe(false);
    expect(isSquadActive('research', 10)).toBe(true);
    expect(isSquadActive('brigade', 24)).toBe(false);
    expect(isSquadActive('brigade', 25)).toBe(true);
    expect(isSquadActive('ghost', 2)).toBe(false);
    expect(isSquadActive('ghost', 3)).toBe(true);
  });
});

describe('squad levels', () => {
  it('squad points: 100·missions + 500·territories + 50·evidence + 200·active members', () => {
    expect(squadPoints({ missionsCompleted: 1, territoriesLiberated: 0, evidenceGathered: 0, activeMembers: 0 })).toBe(100);
    expect(squadPoints({ missionsCompleted: 0, territoriesLiberated: 1, evidenceGathered: 0, activeMembers: 0 })).toBe(500);
    expect(squadPoints({ missionsCompleted: 0, territoriesLiberated: 0, evidenceGathered: 1, activeMembers: 0 })).toBe(50);
    expect(squadPoints({ missionsCompleted: 0, territoriesLiberated: 0, evidenceGathered: 0, activeMembers: 1 })).toBe(200);
    expect(squadPoints({ missionsCompleted: 3, territoriesLiberated: 2, evidenceGathered: 10, activeMembers: 5 })).toBe(2800);
  });

  it('squad level: thresholds 1000, 5000, 15000, 50000, 150000', () => {
    const cases: [number, number][] = [
      [0, 1], [999, 1], [1000, 2], [4999, 2], [5000, 3], [14999, 3], [15000, 4],
      [49999, 4], [50000, 5], [149999, 5], [150000, 6], [10_000_000, 6],
    ];
    for (const [points, level] of cases) expect(squadLevel(points), `points ${points}`).toBe(level);
  });

  it('squad level: caps 5, 10, 15, 25, 50, 100 and names', () => {
    expect(LEVEL_CAPS).toEqual([5, 10, 15, 25, 50, 100]);
    expect(LEVEL_NAMES).toEqual(['Recruit Squad', 'Active Cell', 'Proven Unit', 'Elite Force', 'Legendary Brigade', 'Mythic Legion']);
    expect(squadLevelName(1)).toBe('Recruit Squad');
    expect(squadLevelName(6)).toBe('Mythic Legion');
  });

  it('squad size: max members = min(class maximum, max(class minimum, level cap))', () => {
    expect(maxMembers('strike_team', 1)).toBe(5);
    // Every squad can recruit up to its class minimum: a Mass squad can become active at level 1.
    expect(maxMembers('brigade', 1)).toBe(25);
    expect(maxMembers('liberation', 4)).toBe(25);
    expect(maxMembers('research', 1)).toBe(10);
    expect(maxMembers('research', 2)).toBe(10);
    expect(isSquadActive('peoples', maxMembers('peoples', 1))).toBe(true);
    expect(maxMembers('ghost', 1)).toBe(5);
    expect(maxMembers('strike_team', 2)).toBe(10);
    expect(maxMembers('strike_team', 6)).toBe(10);
    expect(maxMembers('research', 3)).toBe(15);
    expect(maxMembers('research', 4)).toBe(25);
    expect(maxMembers('research', 6)).toBe(25);
    expect(maxMembers('brigade', 5)).toBe(50);
    expect(maxMembers('brigade', 6)).toBe(100);
    expect(maxMembers('shadow', 1)).toBe(5);
    expect(maxMembers('shadow', 6)).toBe(5);
  });

  it('squad territories: a squad holds at most 5 × level', () => {
    expect(territoryLimit(1)).toBe(5);
    expect(territoryLimit(6)).toBe(30);
  });
});

describe('squad perks', () => {
  it('perks: none at level 1', () => {
    for (const t of SQUAD_TYPES) expect(squadPerks(t, 1)).toEqual([]);
  });

  it('perks: Extended_Operations from level 2, Resource_Sharing from 3, Elite_Training from 4', () => {
    expect(squadPerks('analysis', 2)).toEqual(['Extended_Operations']);
    expect(squadPerks('analysis', 3)).toEqual(['Extended_Operations', 'Resource_Sharing']);
    expect(squadPerks('analysis', 4)).toEqual(['Extended_Operations', 'Resource_Sharing', 'Elite_Training']);
  });

  it('perks: Rapid_Deployment for strike_team from level 3 only', () => {
    expect(hasSquadPerk('strike_team', 2, 'Rapid_Deployment')).toBe(false);
    expect(hasSquadPerk('strike_team', 3, 'Rapid_Deployment')).toBe(true);
    expect(hasSquadPerk('infiltration', 6, 'Rapid_Deployment')).toBe(false);
  });

  it('perks: Deep_Analysis for research from level 3 only', () => {
    expect(hasSquadPerk('research', 2, 'Deep_Analysis')).toBe(false);
    expect(hasSquadPerk('research', 3, 'Deep_Analysis')).toBe(true);
    expect(hasSquadPerk('training', 6, 'Deep_Analysis')).toBe(false);
  });

  it('perks: Ghost_Mode for shadow from level 2 only', () => {
    expect(squadPerks('shadow', 2)).toEqual(['Extended_Operations', 'Ghost_Mode']);
    expect(hasSquadPerk('ghost', 6, 'Ghost_Mode')).toBe(false);
  });
});

describe('squad decisions', () => {
  it('decision: passes on a simple majority of votes cast', () => {
    expect(decisionPasses({ yes: 2, no: 1, memberCount: 10 })).toBe(true);
  });

  it('decision: a tie fails', () => {
    expect(decisionPasses({ yes: 2, no: 2, memberCount: 10 })).toBe(false);
  });

  it('decision: needs at least 30 % of members voting, exactly', () => {
    expect(decisionPasses({ yes: 3, no: 0, memberCount: 10 })).toBe(true); // 30 %
    expect(decisionPasses({ yes: 2, no: 0, memberCount: 10 })).toBe(false); // 20 %
    expect(decisionPasses({ yes: 2, no: 0, memberCount: 7 })).toBe(false); // 28.6 %
    expect(decisionPasses({ yes: 3, no: 0, memberCount: 7 })).toBe(true); // 42.9 %
    expect(decisionPasses({ yes: 20, no: 10, memberCount: 100 })).toBe(true); // 30 %
    expect(decisionPasses({ yes: 20, no: 9, memberCount: 100 })).toBe(false); // 29 %
  });
});
