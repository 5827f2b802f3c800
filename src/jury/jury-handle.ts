import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '#src/platform/db.ts';
import { assignedEntryIds, jurorEditions } from './jury.ts';

/**
 * What a juror sees instead of an entry's id. The public gallery shows works at /gallery/<id>, so a
 * real id would let a juror look the artist up there. The handle is an HMAC of juror and entry
 * under a secret kept in the settings, so it differs per juror and cannot be turned back without
 * the server.
 */
async function secret(db: Db): Promise<string> {
  const row = await db.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'jury_handle_secret'`);
  if (row) return row.value;
  const fresh = randomBytes(32).toString('hex');
  await db.run(`INSERT INTO settings (key, value) VALUES ('jury_handle_secret', ?) ON CONFLICT DO NOTHING`, fresh);
  return (await db.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'jury_handle_secret'`))!.value;
}

const handleOf = (key: string, accountId: number, entryId: number) => `w${createHmac('sha256', key).update(`${accountId}:${entryId}`).digest('base64url').slice(0, 18)}`;

export async function juryHandle(db: Db, accountId: number, entryId: number): Promise<string> {
  return handleOf(await secret(db), accountId, entryId);
}

/** A juror's handle maker, for pages that link many works (reads the secret once). */
export async function juryHandles(db: Db, accountId: number): Promise<(entryId: number) => string> {
  const key = await secret(db);
  return (entryId) => handleOf(key, accountId, entryId);
}

/** The entry behind a juror's handle, among the entries assigned to that juror; undefined otherwise. */
export async function resolveJuryHandle(db: Db, accountId: number, handle: unknown): Promise<{ entryId: number; editionId: number } | undefined> {
  if (typeof handle !== 'string' || !/^w[A-Za-z0-9_-]{18}$/.test(handle)) return undefined;
  const handleFor = await juryHandles(db, accountId);
  for (const edition of await jurorEditions(db, accountId)) {
    for (const entryId of await assignedEntryIds(db, edition.id, accountId)) {
      if (handleFor(entryId) === handle) return { entryId, editionId: edition.id };
    }
  }
  return undefined;
}
