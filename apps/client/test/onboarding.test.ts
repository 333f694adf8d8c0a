import { describe, expect, it } from 'vitest';
import { TUTORIAL_STEPS } from '@datavism/rules';
import { BRIEFING } from '../src/features/onboarding/briefing';
import { eventTitles, rewardWords } from '../src/features/onboarding/words';

describe('onboarding words', () => {
  it('rewards in words, with the resources named as players read them', () => {
    expect(rewardWords({ rewards: [{ resource: 'resistance_credits', amount: 50 }] })).toBe('+50 credits');
    expect(rewardWords({ rewards: [...TUTORIAL_STEPS.find((s) => s.id === 'operation')!.rewards] })).toBe('+20 CPU cycles, +25 credits');
  });

  it('a calendar day\'s events joined; no day, no words', () => {
    const day = { day: '2026-11-06', startsAt: '', endsAt: '', events: [{ key: 'flashpoint_friday', title: 'Flashpoint Friday' }, { key: 'global_strike_day', title: 'Global Strike Day' }] };
    expect(eventTitles(day)).toBe('Flashpoint Friday + Global Strike Day');
    expect(eventTitles(null)).toBe('');
  });

  it('the briefing says who the AC is, who you are, what squads and operations are for, and what to do first', () => {
    expect(BRIEFING.map((p) => p.kicker)).toEqual(['Who they are', 'Who you are', 'Squads', 'Operations', 'First moves']);
    const text = BRIEFING.map((p) => p.text).join(' ');
    for (const words of ['Algorithmic Control', 'resistance network', 'Squads', 'Operations', 'First Light', 'deploying']) expect(text).toContain(words);
  });
});
