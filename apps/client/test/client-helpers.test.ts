import { describe, expect, it } from 'vitest';
import { clampToDisc, hexCenter, hexDistance, pointToHex } from '../src/state/hex';
import { keyAxes, MAX_LEAD, stepIntent, WALK_SPEED } from '../src/net/movement';
import { formatAmount, xpProgress } from '../src/state/profileView';
import { territoryCss, STATUS_COLORS } from '../src/scene/palette';
import { assignSquadColours, preferredSlot, SQUAD_PALETTE } from '../src/state/squadColours';

describe('hex layout', () => {
  it('pointy-top size 1: x = √3·(q + r/2), y = 1.5·r', () => {
    const c = hexCenter(2, -1);
    expect(c.x).toBeCloseTo(Math.sqrt(3) * 1.5);
    expect(c.y).toBeCloseTo(-1.5);
  });
  it('a hex centre maps back to its hex', () => {
    for (const [q, r] of [[0, 0], [3, -2], [-5, 7], [10, 10]] as const) {
      const c = hexCenter(q, r);
      expect(pointToHex(c.x + 0.3, c.y - 0.2)).toEqual({ q, r });
    }
  });
  it('hex distance', () => {
    expect(hexDistance({ q: 0, r: 0 }, { q: 2, r: -1 })).toBe(2);
    expect(hexDistance({ q: 0, r: 0 }, { q: -3, r: 3 })).toBe(3);
  });
  it('clampToDisc keeps inside points and pulls outside ones to the rim', () => {
    expect(clampToDisc({ x: 0.1, y: 0 }, { x: 0, y: 0 }, 1)).toEqual({ x: 0.1, y: 0 });
    const p = clampToDisc({ x: 3, y: 4 }, { x: 0, y: 0 }, 1);
    expect(p.x).toBeCloseTo(0.6);
    expect(p.y).toBeCloseTo(0.8);
  });
});

describe('movement intent', () => {
  const facingNorth = { x: 0, y: -1 }; // a default camera looks toward −z
  it('W walks along the camera facing at WALK_SPEED', () => {
    const next = stepIntent({ x: 0, y: 0 }, keyAxes(new Set(['KeyW'])), facingNorth, 0.1, { x: 0, y: 0 }, { x: 0, y: 0 });
    expect(next.x).toBeCloseTo(0);
    expect(next.y).toBeCloseTo(-WALK_SPEED * 0.1);
  });
  it('D walks to the right of the camera', () => {
    const next = stepIntent({ x: 0, y: 0 }, keyAxes(new Set(['KeyD'])), facingNorth, 0.1, { x: 0, y: 0 }, { x: 0, y: 0 });
    expect(next.x).toBeCloseTo(WALK_SPEED * 0.1);
  });
  it('opposite keys cancel out', () => {
    expect(keyAxes(new Set(['KeyW', 'ArrowDown']))).toEqual({ right: 0, forward: 0 });
  });
  it('never runs more than MAX_LEAD ahead of the server position', () => {
    let p = { x: 0, y: 0 };
    for (let i = 0; i < 100; i++) p = stepIntent(p, { right: 1, forward: 0 }, facingNorth, 0.1, { x: 0, y: 0 }, { x: 0, y: 0 });
    expect(Math.hypot(p.x, p.y)).toBeLessThanOrEqual(MAX_LEAD + 1e-9);
  });
});

describe('HUD helpers', () => {
  it('XP bar: level 3 spans 400..900 XP', () => {
    expect(xpProgress(3, 650, 900)).toEqual({ fraction: 0.5, into: 250, span: 500 });
  });
  it('XP bar falls back to GAME §1.3 when xpForNextLevel is not a total', () => {
    expect(xpProgress(2, 150, 400)).toEqual({ fraction: 50 / 300, into: 50, span: 300 });
    expect(xpProgress(3, 650, 250)).toEqual({ fraction: 0.5, into: 250, span: 500 });
  });
  it('formats big integer balances exactly', () => {
    expect(formatAmount('12345678901234567890')).toBe('12,345,678,901,234,567,890');
    expect(formatAmount(undefined)).toBe('0');
  });
});

describe('map palette', () => {
  it('status colours', () => {
    expect(territoryCss('occupied', '')).toBe(STATUS_COLORS.occupied);
    expect(territoryCss('neutral', '')).toBe(STATUS_COLORS.neutral);
  });
  it('a squad always gets the same colour, never the AC red', () => {
    expect(territoryCss('liberated', 'squad-42')).toBe(territoryCss('liberated', 'squad-42'));
    for (const c of SQUAD_PALETTE) expect(c).not.toBe(STATUS_COLORS.occupied);
  });
  it('squads on the map never share a colour (up to ten), and keep their preferred one when free', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `squad-${i}`);
    const colours = assignSquadColours(ids);
    expect(new Set(colours.values()).size).toBe(10);
    const alone = assignSquadColours(['only-squad']);
    expect(alone.get('only-squad')).toBe(SQUAD_PALETTE[preferredSlot('only-squad')]);
    // Two squads wanting the same slot: the one sorting first keeps it, the other moves on.
    const twins = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].filter((x) => preferredSlot(x) === preferredSlot('a')).slice(0, 2);
    if (twins.length === 2) {
      const m = assignSquadColours(twins);
      expect(m.get(twins[0])).not.toBe(m.get(twins[1]));
    }
});
});
