import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@datavism/rules';
import { formatAgo, formatDateTime, formatDuration, formatIn } from '../src/state/time';
import { ERROR_WORDS, describeError, errorText } from '../src/state/errorText';
import { describeGains, formatResource, profileGains, resourceLabel } from '../src/state/profileView';

describe('time formatter', () => {
  it('reads like speech, seconds rounded up', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(-5)).toBe('0 s');
    expect(formatDuration(1)).toBe('1 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(59_001)).toBe('1 min 00 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(1438_000)).toBe('23 min');
    expect(formatDuration(7_500_000)).toBe('2 h 05 min');
    expect(formatDuration(24 * 3_600_000)).toBe('1 d');
    expect(formatDuration(28 * 3_600_000)).toBe('1 d 4 h');
  });
  it('deadlines and moments', () => {
    expect(formatIn(1000 + 1438_000, 1000)).toBe('in 23 min');
    expect(formatIn(500, 1000)).toBe('now');
    expect(formatIn(500, 1000, 'closed')).toBe('closed');
    expect(formatAgo(0, 5000)).toBe('just now');
    expect(formatAgo(0, 120_000)).toBe('2 min 00 s ago');
    const now = new Date(2026, 6, 14, 12, 0).getTime();
    const hm = (d: Date) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(d);
    expect(formatDateTime(new Date(2026, 6, 14, 18, 5).getTime(), now)).toBe(`today ${hm(new Date(2026, 6, 14, 18, 5))}`);
    expect(formatDateTime(new Date(2026, 6, 15, 9, 0).getTime(), now)).toBe(`tomorrow ${hm(new Date(2026, 6, 15, 9, 0))}`);
    expect(formatDateTime(new Date(2026, 6, 20, 9, 0).getTime(), now)).toMatch(/20/);
    expect(formatDateTime('not a date', now)).toBe('—');
    // never ISO strings
    expect(formatDateTime('2026-07-20T09:00:00.000Z', now)).not.toMatch(/T09|Z$/);
  });
});

describe('server errors in words', () => {
  it('every server error code has words for players', () => {
    const missing = ERROR_CODES.filter((c) => !ERROR_WORDS[c]);
    expect(missing).toEqual([]);
  });
  it('never shows internal account ids, and names the code once', () => {
    const v = describeError({ code: 'INSUFFICIENT_FUNDS', message: 'player:af1b2c3d-1111-2222-3333-444455556666 holds less than 1000 cpu_cycles' });
    expect(v.text).toBe('You do not hold enough for that.');
    expect(v.text).not.toMatch(/player:|af1b|INSUFFICIENT/);
    // an unknown code with an internal id falls back to a generic line
    expect(describeError({ code: 'NEW_THING', message: 'squad:1234abcd1234abcd1234 is odd' }).text).toBe('The server refused that request.');
    expect(describeError({ code: 'NEW_THING', message: 'the moon is not aligned' }).text).toBe('The moon is not aligned');
  });
  it('a cooldown says when, in words', () => {
    expect(errorText({ code: 'SIEGE_COOLDOWN', message: 'territory t-1_2 can be besieged in another 543 s' }))
      .toBe('That territory cannot be besieged again yet. Try again in 9 min 03 s.');
  });
  it('form errors keep every field, with readable names', () => {
    const v = describeError({ code: 'BAD_REQUEST', message: 'x', issues: [{ path: 'amountIn', message: 'must be positive' }, { path: 'minOut', message: 'required' }] });
    expect(v.fields).toEqual([{ path: 'amountIn', message: 'must be positive' }, { path: 'minOut', message: 'required' }]);
    expect(errorText({ code: 'BAD_REQUEST', message: 'x', issues: [{ path: 'amountIn', message: 'must be positive' }, { path: 'minOut', message: 'required' }] }))
      .toBe('Check the form: amount in: must be positive; min out: required');
    expect(describeError({ code: 'BAD_REQUEST', message: 'resource: invalid enum value cpu_cycles' }).fields)
      .toEqual([{ path: 'resource', message: 'invalid enum value CPU cycles' }]);
  });
  it('plain Errors and strings', () => {
    expect(describeError(new Error('boom')).text).toBe(ERROR_WORDS.INTERNAL);
    expect(describeError({ code: 'NETWORK', message: 'cannot reach the server' }).text).toBe('Cannot reach the server.');
  });
});

describe('labels and gains', () => {
  it('snake_case words become labels', () => {
    expect(resourceLabel('cpu_cycles')).toBe('CPU cycles');
    expect(resourceLabel('network_hub')).toBe('network hub');
    expect(resourceLabel('some_new_word')).toBe('some new word');
    expect(formatResource('12000', 'data_credits')).toBe('12,000 data credits');
  });
  const base = { id: 'p', level: 2, rank: 'Recruit', xp: 150, balances: { resistance_credits: '100', cpu_cycles: '10' } };
  it('a profile update announces level-ups and what was gained, not what was spent', () => {
    const g = profileGains(base, { ...base, level: 3, xp: 450, balances: { resistance_credits: '40', cpu_cycles: '25' } });
    expect(g).toEqual({ levelsGained: 1, newLevel: 3, newRank: null, xp: 300, resources: [{ resource: 'cpu_cycles', amount: '15' }] });
    expect(describeGains(g!)).toBe('+300 XP · +15 CPU cycles');
    expect(profileGains(base, { ...base, balances: { resistance_credits: '50', cpu_cycles: '10' } })).toBeNull();
    expect(profileGains(null, base)).toBeNull();
    expect(profileGains(base, { ...base, id: 'other', xp: 999 })).toBeNull();
    expect(profileGains(base, { ...base, rank: 'Initiate' })?.newRank).toBe('Initiate');
  });
});
