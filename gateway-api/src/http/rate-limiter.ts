/**
 * Token buckets per client address for the public endpoints: `perSecond` sustained, `burst` at
 * once. Idle buckets are swept so the map stays bounded by the active clients.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweepAt = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(client: string, nowMs: number): number {
    if (this.perSecond <= 0) return 0;
    if (nowMs > this.sweepAt) this.sweep(nowMs);
    const b = this.buckets.get(client) ?? { tokens: this.burst, at: nowMs };
    b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.perSecond);
    b.at = nowMs;
    this.buckets.set(client, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perSecond);
  }

  private sweep(nowMs: number): void {
    const full = (this.burst / this.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (nowMs - b.at > full) this.buckets.delete(k);
    this.sweepAt = nowMs + 10_000;
  }
}
