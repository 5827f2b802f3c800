import type { Db } from '#src/platform/db.ts';

/**
 * Sign-in throttling, per account and per address, kept in the database so a restart does not
 * reset it. The first failures are free; after that every attempt must wait a delay that doubles
 * with each failure (1 s, 2 s, 4 s … up to 15 minutes). A throttled attempt is refused without the
 * password being checked and with the same generic message as a wrong password.
 */
export const THROTTLE = {
  accountFreeFailures: 5,
  ipFreeFailures: 10,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  /** Failures older than this are forgotten. */
  forgetAfterMs: 24 * 60 * 60 * 1000,
} as const;

export const accountKey = (email: string) => `acct:${email.trim().toLowerCase()}`;
export const ipKey = (address: string) => `ip:${address}`;

const freeFor = (key: string) => (key.startsWith('ip:') ? THROTTLE.ipFreeFailures : THROTTLE.accountFreeFailures);

/** The delay after `failures` failures for a key that allows `free` of them. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(THROTTLE.maxDelayMs, THROTTLE.baseDelayMs * 2 ** (failures - free));
}

/** Milliseconds to wait before another attempt may be checked (0: go ahead). */
export async function waitFor(db: Db, keys: string[], now = Date.now()): Promise<number> {
  let wait = 0;
  for (const key of keys) {
    const row = await db.get<{ failures: number; last_at: number }>('SELECT failures, last_at FROM sign_in_failures WHERE key = ?', key);
    if (!row || now - row.last_at > THROTTLE.forgetAfterMs) continue;
    wait = Math.max(wait, row.last_at + delayAfter(row.failures, freeFor(key)) - now);
  }
  return Math.max(0, wait);
}

export async function recordFailure(db: Db, keys: string[], now = Date.now()): Promise<void> {
  for (const key of keys) {
    await db.run(
      `INSERT INTO sign_in_failures (key, failures, last_at) VALUES (?, 1, ?)
       ON CONFLICT(key) DO UPDATE SET failures = CASE WHEN ? - sign_in_failures.last_at > ? THEN 1 ELSE sign_in_failures.failures + 1 END, last_at = excluded.last_at`,
      key, now, now, THROTTLE.forgetAfterMs,
    );
  }
}

/** A successful sign-in clears the account's count (the address's count decays on its own). */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.run('DELETE FROM sign_in_failures WHERE key = ?', key);
}
