import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHANNEL_TIERS, NOTIFICATION_KINDS, defaultTier, deliverAt, digestText, isNotified, mayLeaveGame, mergesIntoDigest,
  nextDigestAt, notificationRelevance, relevancePoints,
} from '../src/index';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const real = { hourMs: HOUR, dayMs: DAY };

describe('notification relevance (GAME §8.2)', () => {
  it('relevance: +0.5 affects them, +0.3 their squad, +0.2 their interests, summed', () => {
    expect(notificationRelevance({})).toBe(0);
    expect(notificationRelevance({ affectsPlayer: true })).toBe(0.5);
    expect(notificationRelevance({ affectsSquad: true })).toBe(0.3);
    expect(notificationRelevance({ matchesInterests: true })).toBe(0.2);
    expect(notificationRelevance({ affectsPlayer: true, affectsSquad: true })).toBe(0.8);
    expect(notificationRelevance({ affectsSquad: true, matchesInterests: true })).toBe(0.5);
    expect(notificationRelevance({ affectsPlayer: true, affectsSquad: true, matchesInterests: true })).toBe(1);
  });

  it('relevance: × 2 when time critical, capped at 1', () => {
    expect(notificationRelevance({ affectsSquad: true, timeCritical: true })).toBe(0.6);
    expect(notificationRelevance({ matchesInterests: true, timeCritical: true })).toBe(0.4);
    expect(notificationRelevance({ affectsPlayer: true, timeCritical: true })).toBe(1);
    expect(notificationRelevance({ affectsPlayer: true, affectsSquad: true, timeCritical: true })).toBe(1); // 1.6 → 1
  });

  it('relevance: × 1.5 for limited spots only when the player qualifies, exact in decimals', () => {
    expect(notificationRelevance({ matchesInterests: true, limitedSpots: true, qualifies: true })).toBe(0.3); // not 0.30000000000000004
    expect(notificationRelevance({ matchesInterests: true, limitedSpots: true, qualifies: false })).toBe(0.2);
    expect(notificationRelevance({ matchesInterests: true, qualifies: true })).toBe(0.2);
    expect(notificationRelevance({ affectsSquad: true, limitedSpots: true, qualifies: true })).toBe(0.45);
    expect(notificationRelevance({ matchesInterests: true, timeCritical: true, limitedSpots: true, qualifies: true })).toBe(0.6);
    expect(notificationRelevance({ affectsSquad: true, timeCritical: true, limitedSpots: true, qualifies: true })).toBe(0.9);
    expect(notificationRelevance({ affectsPlayer: true, limitedSpots: true, qualifies: true })).toBe(0.75);
    expect(notificationRelevance({ affectsPlayer: true, affectsSquad: true, limitedSpots: true, qualifies: true })).toBe(1); // 1.2 → 1
    expect(relevancePoints({ affectsSquad: true, matchesInterests: true, timeCritical: true, limitedSpots: true, qualifies: true })).toBe(100);
  });

  it('relevance: 0 is not notified; below 0.4 stays in the game', () => {
    expect(isNotified(0)).toBe(false);
    expect(isNotified(0.2)).toBe(true);
    expect(mayLeaveGame(0.3)).toBe(false);
    expect(mayLeaveGame(0.4)).toBe(true);
    expect(mayLeaveGame(notificationRelevance({ matchesInterests: true, timeCritical: true }))).toBe(true);
    expect(mayLeaveGame(notificationRelevance({ affectsSquad: true }))).toBe(false);
  });
});

describe('notification tiers (GAME §8.2)', () => {
  it('tiers: default tier per kind', () => {
    expect(defaultTier('territory_besieged')).toBe('urgent');
    expect(defaultTier('outbid_last_minute')).toBe('urgent');
    expect(defaultTier('emergency_broadcast')).toBe('urgent');
    expect(defaultTier('squad_decision_opened')).toBe('important');
    expect(defaultTier('operation_launched')).toBe('important');
    expect(defaultTier('proposal_closing')).toBe('important');
    expect(defaultTier('order_filled')).toBe('important');
    for (const k of ['achievement', 'leaderboard_result', 'intel_verified', 'mentorship_update'] as const) expect(defaultTier(k)).toBe('regular');
    expect(NOTIFICATION_KINDS).toContain('digest');
  });

  it('tiers: urgent now, important after 5 min, regular after 1 h, digest at the next day', () => {
    const now = Date.parse('2026-11-21T12:34:56Z');
    expect(deliverAt('urgent', now, real)).toBe(now);
    expect(deliverAt('important', now, real)).toBe(now + 5 * 60_000);
    expect(deliverAt('regular', now, real)).toBe(now + HOUR);
    expect(deliverAt('digest', now, real)).toBe(Date.parse('2026-11-22T00:00:00Z'));
    // At midnight exactly, the digest waits for the next midnight.
    expect(nextDigestAt(Date.parse('2026-11-22T00:00:00Z'), DAY)).toBe(Date.parse('2026-11-23T00:00:00Z'));
  });

  it('tiers: delays follow game time (TIME_SCALE 60: a game hour is a real minute)', () => {
    const scaled = { hourMs: HOUR / 60, dayMs: DAY / 60 };
    expect(deliverAt('important', 1_000, scaled)).toBe(1_000 + 5_000);
    expect(deliverAt('regular', 1_000, scaled)).toBe(1_000 + 60_000);
    expect(deliverAt('digest', 1_000, scaled)).toBe(1_440_000);
  });

  it('tiers: urgent goes to push, important and the digest to email, regular stays in the game', () => {
    expect(DEFAULT_CHANNEL_TIERS.push).toEqual(['urgent']);
    expect(DEFAULT_CHANNEL_TIERS.email).toEqual(['important', 'digest']);
  });
});

describe('digest (GAME §8.2)', () => {
  it('digest: 5 pending regular notifications stay apart, 6 are merged', () => {
    expect(mergesIntoDigest(5)).toBe(false);
    expect(mergesIntoDigest(6)).toBe(true);
    expect(mergesIntoDigest(0)).toBe(false);
  });

  it('digest: lists items by relevance then newest first, at most 10 lines', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ title: `t${i}`, relevance: i === 3 ? 0.5 : 0.2, createdAt: i }));
    const text = digestText(items);
    expect(text.title).toBe('12 updates');
    const lines = text.body.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('• t3');
    expect(lines[1]).toBe('• t11');
    expect(lines[10]).toBe('… and 2 more');
    expect(digestText([{ title: 'only', relevance: 0.2, createdAt: 0 }])).toEqual({ title: '1 update', body: '• only' });
  });
});
