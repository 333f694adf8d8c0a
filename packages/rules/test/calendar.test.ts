import { describe, expect, it } from 'vitest';
import { activeModifiers } from '../src/calendar';

const at = (iso: string) => activeModifiers(new Date(iso));

describe('weekly calendar', () => {
  it('calendar: Intelligence Monday gives data_credits from intel ×1.5', () => {
    const m = at('2026-11-02T09:00:00Z');
    expect(m.dayName).toBe('monday');
    expect(m.event).toBe('intelligence_monday');
    expect(m.intelDataCreditsMultiplier).toBe(1.5);
    expect(m.challengeXpMultiplier).toBe(1);
  });

  it('calendar: Tuesday and Thursday have no event and neutral multipliers', () => {
    for (const iso of ['2026-11-03T12:00:00Z', '2026-11-05T12:00:00Z']) {
      expect(at(iso)).toMatchObject({
        event: null, intelDataCreditsMultiplier: 1, challengeXpMultiplier: 1, flashpointXpMultiplier: 1,
        territoryIncomeMultiplier: 1, siegeCooldownMultiplier: 1, closeWeeklyLeaderboards: false,
        globalStrikeDay: false, megaRaid: false,
      });
    }
  });

  it('calendar: Workshop Wednesday gives challenge XP ×1.25', () => {
    expect(at('2026-11-04T00:00:00Z')).toMatchObject({ dayName: 'wednesday', event: 'workshop_wednesday', challengeXpMultiplier: 1.25 });
  });

  it('calendar: Flashpoint Friday gives flashpoint XP ×2', () => {
    expect(at('2026-11-13T18:00:00Z')).toMatchObject({
      dayName: 'friday', event: 'flashpoint_friday', flashpointXpMultiplier: 2, globalStrikeDay: false,
    });
  });

  it('calendar: Squad Wars Saturday doubles territory income and halves siege cooldowns', () => {
    expect(at('2026-11-21T12:00:00Z')).toMatchObject({
      dayName: 'saturday', event: 'squad_wars_saturday', territoryIncomeMultiplier: 2, siegeCooldownMultiplier: 0.5, megaRaid: false,
    });
  });

  it('calendar: Liberation Sunday closes the weekly leaderboards', () => {
    expect(at('2026-11-22T12:00:00Z')).toMatchObject({ dayName: 'sunday', event: 'liberation_sunday', closeWeeklyLeaderboards: true, megaRaid: false });
  });

  it('calendar: the UTC day decides, not local time', () => {
    expect(at('2026-11-01T23:59:59.999Z').dayName).toBe('sunday');
    expect(at('2026-11-02T00:00:00.000Z').dayName).toBe('monday');
    expect(at('2026-11-01T20:00:00-05:00').dayName).toBe('monday');
  });
});

describe('monthly calendar', () => {
  it('calendar: 2026-11-06 is the first Friday of November: Global Strike Day', () => {
    expect(at('2026-11-06T12:00:00Z')).toMatchObject({ dayName: 'friday', event: 'flashpoint_friday', globalStrikeDay: true });
  });

  it('calendar: a Friday on the 1st or 7th is the first Friday; the 8th is not', () => {
    expect(at('2026-05-01T12:00:00Z').globalStrikeDay).toBe(true);
    expect(at('2026-05-08T12:00:00Z').globalStrikeDay).toBe(false);
  });

  it('calendar: Mega Raid on the last weekend, 2026-11-28 and 2026-11-29', () => {
    expect(at('2026-11-28T00:00:00Z').megaRaid).toBe(true);
    expect(at('2026-11-29T23:59:59Z').megaRaid).toBe(true);
    expect(at('2026-11-27T23:59:59Z').megaRaid).toBe(false);
    expect(at('2026-11-30T00:00:00Z').megaRaid).toBe(false);
  });

  it('calendar: the Mega Raid Sunday may fall in the next month (Sat 2026-01-31, Sun 2026-02-01)', () => {
    expect(at('2026-01-31T12:00:00Z').megaRaid).toBe(true);
    expect(at('2026-02-01T12:00:00Z').megaRaid).toBe(true);
    expect(at('2026-01-24T12:00:00Z').megaRaid).toBe(false);
    expect(at('2026-01-25T12:00:00Z').megaRaid).toBe(false);
  });
});
