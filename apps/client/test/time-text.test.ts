import { describe, expect, it } from 'vitest';
import { formatDateTime, humanizeTimes } from '../src/state/time';

describe('humanizeTimes', () => {
  it('turns every ISO instant of a server sentence into local time and leaves the rest', () => {
    const now = Date.parse('2026-12-04T06:00:00.000Z');
    const a = '2026-12-04T06:30:00.000Z';
    const b = '2026-12-06T00:00:00Z';
    const text = `deploy there before ${a} to defend it; the auction ends at ${b}.`;
    expect(humanizeTimes(text, now)).toBe(`deploy there before ${formatDateTime(Date.parse(a), now)} to defend it; the auction ends at ${formatDateTime(Date.parse(b), now)}.`);
    expect(humanizeTimes(text, now)).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
  it('keeps text without instants (dates alone, names with digits) as it is', () => {
    expect(humanizeTimes('Week 2026-W49 closes; audit_alice_79590 won 2026-12-04.')).toBe('Week 2026-W49 closes; audit_alice_79590 won 2026-12-04.');
  });
});
