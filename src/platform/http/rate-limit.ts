/**
 * A sliding-window counter per key (e.g. per IP address), kept in memory: it guards one server
 * process, which is what this site runs as. `take` records a hit only when it is allowed.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  readonly limit: number;
  readonly windowMs: number;
  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Whether one more hit is allowed now, without recording it. */
  check(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSec: number } {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.hits.set(key, recent);
    if (recent.length >= this.limit) return { ok: false, retryAfterSec: Math.ceil((recent[0]! + this.windowMs - now) / 1000) };
    return { ok: true };
  }

  record(key: string, now = Date.now()): void {
    const recent = this.hits.get(key) ?? [];
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(now);
  }

  take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSec: number } {
    const r = this.check(key, now);
    if (r.ok) this.record(key, now);
    return r;
  }

  private prune(now: number): void {
    for (const [k, v] of this.hits) if (!v.some((t) => t > now - this.windowMs)) this.hits.delete(k);
  }
}
