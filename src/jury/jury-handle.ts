import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '#src/platform/db.ts';
import { assignedEntryIds, jurorEditions } from './jury.ts';

/**
 * What a juror sees instead of an entry's id. The public gallery shows works at /gallery/<id>, so a
 * real id would let a juror look the artist up there. The handle is an HMAC of juror and entry
 * under a secret kept in the settings, so it differs per juror and cannot be turned back without
 * the server.
 */
function secret(db: Db): string {
  const row = db.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'jury_handle_secret'`);
  if (row) return row.value;
  const fresh = randomBytes(32).toString('hex');
  db.run(`INSERT OR IGNORE INTO settings (key, value) VALUES ('jury_handle_secret', ?)`, fresh);
  return db.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'jury_handle_secret'`)!.value;
}

export function juryHandle(db: Db, accountId: number, entryId: number): string {
  return `w${createHmac('sha256', secret(db)).update(`${accountId}:${entryId}`).digest('base64url').slice(0, 18)}`;
}

/** The entry behind a juror's handle, among the entries assigned to that juror; undefined otherwise. */
export function resolveJuryHandle(db: Db, accountId: number, handle: unknown): { entryId: number; editionId: number } | undefined {
  if (typeof handle !== 'string' || !/^w[A-Za-z0-9_-]{18}$/.test(handle)) return undefined;
  for (const edition of jurorEditions(db, accountId)) {
    for (const entryId of assignedEntryIds(db, edition.id, accountId)) {
      if (juryHandle(db, accountId, entryId) === handle) return { entryId, editionId: edition.id };
    }
  }
  return undefined;
}
