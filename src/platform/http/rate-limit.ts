import type { Db } from '#src/platform/db.ts';

/**
 * A sliding-window counter per key (e.g. per client address), kept in the database so that every
 * server process counts the same hits and a restart forgets nothing. `check` says whether one more
 * hit is allowed; `record` counts one (callers record only what they decide counts, e.g. stored
 * entries and refused pictures, not typos).
 */
export class RateLimiter {
  readonly bucket: string;
  readonly limit: number;
  readonly windowMs: number;
  constructor(bucket: string, limit: number, windowMs: number) {
    this.bucket = bucket;
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Whether one more hit is allowed now, without recording it. */
  async check(db: Db, key: string, now = Date.now()): Promise<{ ok: true } | { ok: false; retryAfterSec: number }> {
    const since = now - this.windowMs;
    const row = await db.get<{ n: number; first: number | null }>(
      'SELECT COUNT(*) AS n, MIN(at) AS first FROM rate_limit_hits WHERE bucket = ? AND key = ? AND at > ?',
      this.bucket, key, since,
    );
    if (!row || row.n < this.limit) return { ok: true };
    // The oldest hits leave the window first: the hit that makes room is the n-th newest.
    const freeing = await db.get<{ at: number }>(
      'SELECT at FROM rate_limit_hits WHERE bucket = ? AND key = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?',
      this.bucket, key, since, this.limit - 1,
    );
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil(((freeing?.at ?? row.first ?? now) + this.windowMs - now) / 1000)) };
  }

  async record(db: Db, key: string, now = Date.now()): Promise<void> {
    await db.run('INSERT INTO rate_limit_hits (bucket, key, at) VALUES (?, ?, ?)', this.bucket, key, now);
  }

  async take(db: Db, key: string, now = Date.now()): Promise<{ ok: true } | { ok: false; retryAfterSec: number }> {
    const r = await this.check(db, key, now);
    if (r.ok) await this.record(db, key, now);
    return r;
  }
}

/** Forgets hits older than any window in use (a periodic task). */
export async function pruneRateLimits(db: Db, olderThanMs = 24 * 3600_000, now = Date.now()): Promise<number> {
  return (await db.run('DELETE FROM rate_limit_hits WHERE at < ?', now - olderThanMs)).changes;
}
