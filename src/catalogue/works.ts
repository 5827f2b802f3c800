import type { Db } from '#src/platform/db.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { listSelection, type SelectedEntry } from './selection.ts';
import { visibleSql } from '#src/entries/visibility.ts';

/**
 * The artworks of the catalogue: the organisers' catalogue selection in its order and sections.
 * Until they have selected anything, a draft of every accepted work with print consent, by
 * reference. Either way a work without print consent (or withdrawn) is never included.
 */
export async function catalogueSelection(db: Db, editionId: number): Promise<SelectedEntry[]> {
  const chosen = await listSelection(db, editionId, 'catalogue');
  if (chosen.length > 0 || await hasAnySelection(db, editionId)) return chosen;
  const ids = (await db.all<{ id: number }>(`SELECT id FROM entries WHERE edition_id = ? AND ${visibleSql('printable')} ORDER BY seq`, editionId)).map((r) => r.id);
  return (await getEntriesByIds(db, ids)).map((entry, i) => ({ entry, position: i + 1, section: '' }));
}

export async function catalogueEntries(db: Db, editionId: number): Promise<EntryRecord[]> {
  return (await catalogueSelection(db, editionId)).map((s) => s.entry);
}

async function hasAnySelection(db: Db, editionId: number): Promise<boolean> {
  return await db.get(`SELECT 1 AS x FROM selections WHERE edition_id = ? AND kind = 'catalogue'`, editionId) !== undefined;
}

/** The work on the cover (and posters): the organisers' choice when it is in the catalogue, else the first awarded work, else the first. */
export async function coverEntry(db: Db, editionId: number, chosen?: number): Promise<EntryRecord | undefined> {
  const works = await catalogueEntries(db, editionId);
  return works.find((e) => e.id === chosen) ?? works.find((e) => e.awardId !== null) ?? works[0];
}
