import { describe, expect, it } from 'vitest';
import { scoreText } from '../src/features/leaderboards/leaderboardsStore';

describe('leaderboard scores as players read them', () => {
  it('groups thousands like every other number, keeping the board decimals', () => {
    expect(scoreText(600_000, 0)).toBe('600,000');
    expect(scoreText(999, 0)).toBe('999');
    expect(scoreText(123_456, 2)).toBe('1,234.56');
    expect(scoreText(5, 2)).toBe('0.05');
    expect(scoreText(-1_234_500, 2)).toBe('-12,345.00');
  });
});
