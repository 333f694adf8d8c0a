import { describe, expect, it } from 'vitest';
import { INTERPOLATION_MS, SNAP_DISTANCE, motionProgress, restingMotion, retarget, sampleMotion } from '../src/state/motion';

const at = (m: Parameters<typeof sampleMotion>[0], now: number) => sampleMotion(m, now, { x: 0, y: 0 });

describe('avatar interpolation', () => {
  it('a resting motion is drawn at its position', () => {
    const m = restingMotion(2, 3, 1000);
    expect(at(m, 1000)).toEqual({ x: 2, y: 3 });
  });

  it('glides linearly to a new server position over 100 ms', () => {
    const m = retarget(restingMotion(0, 0, 0), 1, 2, 1000);
    expect(at(m, 1000)).toEqual({ x: 0, y: 0 });
    expect(at(m, 1000 + INTERPOLATION_MS / 2)).toEqual({ x: 0.5, y: 1 });
    expect(at(m, 1000 + INTERPOLATION_MS)).toEqual({ x: 1, y: 2 });
    expect(at(m, 5000)).toEqual({ x: 1, y: 2 });
  });

  it('an update mid-glide starts from the drawn point, never jumping back', () => {
    const m1 = retarget(restingMotion(0, 0, 0), 1, 0, 1000);
    const m2 = retarget(m1, 2, 0, 1050); // drawn at x = 0.5 when the update arrives
    expect(m2.fromX).toBeCloseTo(0.5);
    expect(at(m2, 1050).x).toBeCloseTo(0.5);
    expect(at(m2, 1100).x).toBeCloseTo(1.25);
    expect(at(m2, 1150).x).toBeCloseTo(2);
  });

  it('the same position again changes nothing', () => {
    const m = retarget(restingMotion(0, 0, 0), 1, 1, 1000);
    expect(retarget(m, 1, 1, 1020)).toBe(m);
  });

  it('a jump farther than the snap distance teleports', () => {
    const m = retarget(restingMotion(0, 0, 0), SNAP_DISTANCE + 1, 0, 1000);
    expect(at(m, 1000)).toEqual({ x: SNAP_DISTANCE + 1, y: 0 });
  });

  it('progress is clamped to [0, 1]', () => {
    const m = retarget(restingMotion(0, 0, 0), 1, 0, 1000);
    expect(motionProgress(m, 900)).toBe(0);
    expect(motionProgress(m, 2000)).toBe(1);
  });
});
