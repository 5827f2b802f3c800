import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

/**
 * Secret links. The raw token goes into the link and is never stored; the database keeps its
 * SHA-256, so a leaked database copy cannot be turned into working links.
 */
export type TokenPurpose = string;

export const hashToken = (raw: string): string => createHash('sha256').update(raw).digest('hex');

/** Makes a token for `purpose` and `subjectId`; `ttlDays` undefined means it never expires. */
export async function createToken(db: Db, purpose: TokenPurpose, subjectId: number, ttlDays?: number, now: Date = new Date()): Promise<string> {
  const raw = randomBytes(24).toString('base64url');
  const expires = ttlDays === undefined ? null : new Date(now.getTime() + ttlDays * 86_400_000).toISOString();
  await db.run('INSERT INTO tokens (hash, purpose, subject_id, expires_at) VALUES (?, ?, ?, ?)', hashToken(raw), purpose, subjectId, expires);
  return raw;
}

export type TokenCheck = { ok: true; subjectId: number } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/**
 * Looks a token up. With `consume` the token is marked used in the same statement that checks it,
 * so two clicks at once cannot both use a single-use link.
 */
export async function checkToken(db: Db, raw: unknown, purpose: TokenPurpose, opts: { consume?: boolean; now?: Date } = {}): Promise<TokenCheck> {
  if (typeof raw !== 'string' || raw.length < 16 || raw.length > 100) return { ok: false, reason: 'invalid' };
  const now = (opts.now ?? new Date()).toISOString();
  const hash = hashToken(raw);
  const row = await db.get<{ subject_id: number; expires_at: string | null; used_at: string | null }>(
    'SELECT subject_id, expires_at, used_at FROM tokens WHERE hash = ? AND purpose = ?',
    hash,
    purpose,
  );
  if (!row) return { ok: false, reason: 'invalid' };
  if (row.used_at) return { ok: false, reason: 'used' };
  if (row.expires_at && row.expires_at <= now) return { ok: false, reason: 'expired' };
  if (opts.consume) {
    const r = await db.run('UPDATE tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL', now, hash);
    if (r.changes !== 1) return { ok: false, reason: 'used' };
  }
  return { ok: true, subjectId: row.subject_id };
}
