import { describe, expect, it } from 'vitest';
import { interventionLine, loginBonusWords, missionLine, squadLine, trendingWords } from '../src/features/engagement/todayWords';

describe('Today in words (GAME §8.4 daily bundle)', () => {
  it('each intervention says what it is and opens the panel where it is done', () => {
    expect(interventionLine({ kind: 'easier_challenge', payload: { id: 'c1', title: 'Ledger 1', difficulty: 1 } }))
      .toEqual({ text: 'An easier challenge for you: Ledger 1.', panel: 'intel', action: 'Open Intel' });
    expect(interventionLine({ kind: 'squad_event', payload: { kind: 'join_squad' } }).panel).toBe('squads');
    expect(interventionLine({ kind: 'squad_event', payload: { kind: 'siege', id: 's', name: 'Sector 7', squadName: 'Owls' } }))
      .toMatchObject({ text: 'Your invitation: Owls is in the siege of Sector 7 — join them.', panel: 'territory' });
    expect(interventionLine({ kind: 'squad_event', payload: { kind: 'operation', id: 'o', name: 'First Light', squadName: 'Owls', trending: true } }).panel).toBe('operations');
    expect(interventionLine({ kind: 'handler_message', payload: { messageId: 3, body: 'We missed you. Come back.' } }))
      .toEqual({ text: 'Your handler writes: “We missed you.” — the whole message is in your handler thread (Comms).', panel: null });
    expect(interventionLine({ kind: 'squad_needs', payload: { squadName: 'Owls', membersNeeded: 3, openDecisions: 1, event: null } }).text)
      .toBe('Owls needs you: 3 more members to become active, 1 decision waiting for your vote.');
    expect(interventionLine({ kind: 'squad_needs', payload: { squadless: true } }).panel).toBe('squads');
    expect(interventionLine({ kind: 'mentor_offer', payload: { mentored: false, mentors: 1 } }).text).toContain('1 mentor is registered');
    expect(interventionLine({ kind: 'progress_highlight', payload: { level: 4, xp: 950, nextLevelXp: 1600, loginStreak: 3, daysActive: 20 } }).text)
      .toBe('How far you have come: level 4, 950 of 1600 XP to the next, a 3-day streak, 20 days active.');
  });

  it('the login bonus, the mission, the squad, the trending operation', () => {
    const op = { id: 'o', name: 'First Light', type: 'campaign', endsAt: null, contributors: 0, participants: 0, joined: false };
    expect(trendingWords(op, null)).toBe('First Light — nobody has put anything in yet today, 0 taking part.');
    expect(trendingWords({ ...op, contributors: 1, participants: 2, joined: true }, 'Sun 12:00')).toBe('First Light — 1 contributor in the last 24 h, 2 taking part, ends Sun 12:00 (you are in).');
    expect(loginBonusWords({ claimedToday: true, streak: 7, credits: 170, xp: 67, cpuCycles: 70, liberationKeys: 1, truthTokens: 0, title: null }))
      .toBe('Claimed: day 7 of your streak — +170 credits, +67 XP, +70 CPU cycles, +1 liberation key.');
    expect(missionLine({ kind: 'tutorial', step: 'deploy', title: 'Move out', brief: 'Pick a hex.', where: '', panel: 'map', rewards: [], collectable: [] }))
      .toEqual({ text: 'Move out — Pick a hex.', panel: null });
    expect(missionLine({ kind: 'operation', operationId: 'o', name: 'First Light', joined: false })).toMatchObject({ text: 'Join First Light.', panel: 'operations' });
    expect(squadLine({ kind: 'join_squad', suggestion: { id: 's', name: 'Owls', memberCount: 2, maxMembers: 5 } }).text).toBe('You fight alone. Owls recruits (2/5) — join them.');
    expect(squadLine({ kind: 'event', squad: { id: 's', name: 'Owls' }, event: { kind: 'defence', id: 'x', name: 'Sector 7', endsAt: null } }))
      .toMatchObject({ text: 'Owls is in the defence of Sector 7.', panel: 'territory' });
  });
});
