/** A fixed-window counter per key (client address), kept in memory. */
export class RateLimiter {
  private readonly hits = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Returns 0 when allowed, else the seconds to wait. */
  take(key: string, now = Date.now()): number {
    const entry = this.hits.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      if (this.hits.size > 10_000) this.prune(now);
      this.hits.set(key, { windowStart: now, count: 1 });
      return 0;
    }
    entry.count++;
    if (entry.count <= this.max) return 0;
    return Math.ceil((entry.windowStart + this.windowMs - now) / 1000);
  }

  private prune(now: number): void {
    for (const [key, e] of this.hits) if (now - e.windowStart >= this.windowMs) this.hits.delete(key);
  }
}
