import { describe, expect, it } from 'vitest';
import { territoryTarget } from '../src/features/bounties/BountyPanel';

const world = [
  { id: 't-2_-1', name: 'Kaan Foundry', q: -2, r: -1 },
  { id: 't0_-1', name: 'Griar Blocks', q: 0, r: -1 },
];

describe('a bounty target typed as players see territories', () => {
  it('resolves a name (any case), card coordinates or the id itself to the id', () => {
    expect(territoryTarget('griar blocks', world)).toBe('t0_-1');
    expect(territoryTarget(' Kaan Foundry ', world)).toBe('t-2_-1');
    expect(territoryTarget('hex -2, -1', world)).toBe('t-2_-1');
    expect(territoryTarget('0,-1', world)).toBe('t0_-1');
    expect(territoryTarget('t0_-1', world)).toBe('t0_-1');
  });
  it('sends anything else as typed (the server refuses it in words)', () => {
    expect(territoryTarget('Nowhere', world)).toBe('Nowhere');
  });
});
