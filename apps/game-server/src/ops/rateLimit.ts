/**
 * Token buckets keyed by a string (player id, IP + name…). `take(key, now)` spends one token
 * and answers whether the action may go ahead. Time is passed in, so tests need no clock.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /**
   * @param capacity burst size
   * @param refillPerSecond tokens regained per second
   */
  constructor(private readonly capacity: number, private readonly refillPerSecond: number) {}

  take(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.prune(now);
    return allowed;
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Drop buckets that have refilled completely (they hold no information). */
  private prune(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.refillPerSecond >= this.capacity) this.buckets.delete(key);
    }
  }
}
