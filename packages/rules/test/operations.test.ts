import { describe, expect, it } from 'vitest';
import {
  OPERATION_DURATIONS_MS, acceptedAmount, contributionPoints, isObjectiveRevealed, operationPayout, operationProgress,
  operationSucceeded, operationTimeline, payablePool, mergeBoard, mulberry32, type BoardEntry,
} from '../src/index';

const H = 3_600_000;

describe('operations rules (GAME §6.1)', () => {
  it('default durations: flashpoint 3 h (2–4 h), rapid 24 h, investigation 1 week, campaign 30 days, global 48 h, liberation war none', () => {
    expect(OPERATION_DURATIONS_MS).toEqual({
      flashpoint: 3 * H, rapid: 24 * H, investigation: 168 * H, campaign: 720 * H, global: 48 * H, liberation_war: null,
    });
  });

  it('progress is weighted completion, capped per objective', () => {
    expect(operationProgress([
      { tier: 'primary', weight: 2, target: 10, progress: 5 },
      { tier: 'secondary', weight: 1, target: 4, progress: 9 },
    ])).toBeCloseTo(2 / 3, 12);
    expect(operationProgress([])).toBe(0);
  });

  it('a hidden objective is revealed at its stated progress (default 50 %) or when itself complete', () => {
    const hidden = { tier: 'hidden' as const, weight: 1, target: 10, progress: 0 };
    expect(isObjectiveRevealed(hidden, 0.4999)).toBe(false);
    expect(isObjectiveRevealed(hidden, 0.5)).toBe(true);
    expect(isObjectiveRevealed({ ...hidden, revealAt: 0.75 }, 0.7)).toBe(false);
    expect(isObjectiveRevealed({ ...hidden, progress: 10 }, 0)).toBe(true);
    expect(isObjectiveRevealed({ ...hidden, tier: 'secondary' }, 0)).toBe(true);
  });

  it('success needs every primary objective and the required players', () => {
    const objs = [{ tier: 'primary' as const, weight: 1, target: 5, progress: 5 }, { tier: 'secondary' as const, weight: 1, target: 5, progress: 0 }];
    expect(operationSucceeded(objs, 3, 3)).toBe(true);
    expect(operationSucceeded(objs, 2, 3)).toBe(false);
    expect(operationSucceeded([{ ...objs[0], progress: 4 }], 3, 1)).toBe(false);
  });

  it('contributions beyond the target are not accepted; points are the completed share × weight × 1e6', () => {
    expect(acceptedAmount({ target: 300, progress: 100 }, 250)).toBe(200);
    expect(acceptedAmount({ target: 300, progress: 300 }, 1)).toBe(0);
    expect(contributionPoints({ weight: 1, target: 300 }, 100)).toBe(333_333);
    expect(contributionPoints({ weight: 3, target: 5000 }, 50)).toBe(30_000);
  });

  it('payout: success pays the whole pool pro rata, exactly; failure pays floor(25 %)', () => {
    expect(operationPayout(1000n, true, [{ id: 'a', weight: 333_333 }, { id: 'b', weight: 666_666 }])).toEqual([
      { id: 'a', amount: 333n }, { id: 'b', amount: 667n },
    ]);
    expect(payablePool(1000n, false)).toBe(250n);
    expect(payablePool(1003n, false)).toBe(250n);
    expect(operationPayout(1001n, false, [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }])).toEqual([
      { id: 'a', amount: 125n }, { id: 'b', amount: 125n },
    ]);
  });

  it('timeline: briefing, then active, then the deadline', () => {
    const t = operationTimeline(new Date('2026-11-06T00:00:00Z'), 30 * 60_000, 3 * H);
    expect(t.activeAt.toISOString()).toBe('2026-11-06T00:30:00.000Z');
    expect(t.endsAt!.toISOString()).toBe('2026-11-06T03:30:00.000Z');
    expect(operationTimeline(new Date(0), 0, null).endsAt).toBeNull();
  });

  it('the top-contributors board kept from rising totals equals sorting every total, ties to the earlier participant', () => {
    const a = (playerId: string, points: number, seq: number): BoardEntry => ({ playerId, name: playerId, points, seq });
    expect(mergeBoard([a('p1', 50, 1), a('p2', 40, 2)], [a('p3', 50, 3), a('p2', 60, 2)], 2)).toEqual([a('p2', 60, 2), a('p1', 50, 1)]);
    expect(mergeBoard([], [a('p1', 0, 1)], 10)).toEqual([]);
    for (let seed = 1; seed <= 50; seed++) {
      const next = mulberry32(seed);
      const totals = Array.from({ length: 40 }, (_, i) => a(`p${i}`, 0, i + 1));
      let board: BoardEntry[] = [];
      for (let step = 0; step < 60; step++) {
        const updated = new Map<string, BoardEntry>();
        for (let k = Math.floor(next() * 6); k >= 0; k--) {
          const i = Math.floor(next() * totals.length);
          totals[i] = { ...totals[i], points: totals[i].points + Math.floor(next() * 4) };
          updated.set(totals[i].playerId, totals[i]);
        }
        board = mergeBoard(board, [...updated.values()], 10);
        const full = totals.filter((e) => e.points > 0).sort((x, y) => y.points - x.points || x.seq - y.seq).slice(0, 10);
        expect(board).toEqual(full);
      }
    }
  });
});
