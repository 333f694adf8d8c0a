import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/auth/passwords';
import { signToken, verifyToken } from '../src/auth/tokens';
import { RateLimiter } from '../src/ops/rateLimit';

describe('passwords (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });
});

describe('tokens', () => {
  const secret = 'k'.repeat(40);
  it('round-trips the player id', () => {
    expect(verifyToken(secret, signToken(secret, { sub: 'p1', name: 'neo' }))).toEqual({ sub: 'p1', name: 'neo' });
  });
  it('refuses a token signed with another secret, a malformed one, and none', () => {
    const other = signToken('o'.repeat(40), { sub: 'p1', name: 'neo' });
    for (const t of [other, 'abc', undefined]) expect(() => verifyToken(secret, t)).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
  });
});

describe('rate limiter', () => {
  it('allows the burst, refuses the next, refills over time', () => {
    const limiter = new RateLimiter(5, 1);
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) expect(limiter.take('k', t0)).toBe(true);
    expect(limiter.take('k', t0)).toBe(false);
    expect(limiter.take('other', t0)).toBe(true);
    expect(limiter.take('k', t0 + 999)).toBe(false);
    expect(limiter.take('k', t0 + 2000)).toBe(true);
  });
});
