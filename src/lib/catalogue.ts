import type { Db } from './db.ts';
import type { EntryRecord } from './entry.ts';
import { listPublic } from './entry-store.ts';

/**
 * The artworks of the catalogue: the same public entries the gallery shows (accepted, consented),
 * in the same order. The organisers' own selection and order come with the back office.
 */
export function catalogueEntries(db: Db, editionId: number): EntryRecord[] {
  return listPublic(db, editionId);
}
