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

/**
 * Failures per key in a fixed window, kept in memory. Unlike RateLimiter, asking costs nothing:
 * `wait` only looks, `fail` counts, and a success can `clear` a key. Used where counting every
 * attempt would let anyone lock someone else out (a staff login: a correct password never counts).
 */
export class FailureCounter {
  private readonly failures = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Failures counted for the key in the current window. */
  count(key: string, now = Date.now()): number {
    const e = this.failures.get(key);
    return e && now - e.windowStart < this.windowMs ? e.count : 0;
  }

  /** 0 while the key has fewer than `max` failures in its window, else the seconds until the window ends. */
  wait(key: string, now = Date.now()): number {
    const e = this.failures.get(key);
    if (!e || now - e.windowStart >= this.windowMs || e.count < this.max) return 0;
    return Math.max(1, Math.ceil((e.windowStart + this.windowMs - now) / 1000));
  }

  fail(key: string, now = Date.now()): void {
    const e = this.failures.get(key);
    if (e && now - e.windowStart < this.windowMs) {
      e.count++;
      return;
    }
    if (this.failures.size > 10_000) this.prune(now);
    this.failures.set(key, { windowStart: now, count: 1 });
  }

  /** Takes back one failure counted in advance (the attempt turned out to be a success). */
  forgive(key: string, now = Date.now()): void {
    const e = this.failures.get(key);
    if (!e || now - e.windowStart >= this.windowMs) return;
    if (--e.count <= 0) this.failures.delete(key);
  }

  private prune(now: number): void {
    for (const [key, e] of this.failures) if (now - e.windowStart >= this.windowMs) this.failures.delete(key);
  }
}
