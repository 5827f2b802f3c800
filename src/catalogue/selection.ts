import type { Db } from '#src/platform/db.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { isVisible, visibleSql } from '#src/entries/visibility.ts';

/**
 * The organisers' two selections of an edition: the works that travel with the exhibition and the
 * works printed in the catalogue, each in its own order and with optional section headings.
 * Only accepted works can be selected; the catalogue additionally needs print consent (checked
 * when it is read, so a later withdrawal takes a work out at once).
 */
export const SELECTION_KINDS = ['exhibition', 'catalogue'] as const;
export type SelectionKind = (typeof SELECTION_KINDS)[number];

export interface SelectedEntry {
  entry: EntryRecord;
  position: number;
  section: string;
}

export class SelectionError extends Error {
  readonly code: 'not-accepted' | 'other-edition' | 'no-print-consent';
  constructor(code: SelectionError['code']) {
    super(code);
    this.name = 'SelectionError';
    this.code = code;
  }
}

/** Replaces a selection with the given entries in this order (sections optional, by entry id). */
export async function setSelection(db: Db, editionId: number, kind: SelectionKind, entryIds: number[], sections: Record<number, string> = {}): Promise<void> {
  await db.tx(async (db) => {
    for (const id of entryIds) await assertSelectable(db, editionId, kind, id);
    await db.run('DELETE FROM selections WHERE edition_id = ? AND kind = ?', editionId, kind);
    for (const [i, id] of entryIds.entries()) {
      await db.run('INSERT INTO selections (edition_id, kind, entry_id, position, section) VALUES (?, ?, ?, ?, ?)', editionId, kind, id, i + 1, sections[id] ?? '');
    }
  });
}

/** Adds an entry at the end of a selection (no-op when it is already in). */
export async function addToSelection(db: Db, editionId: number, kind: SelectionKind, entryId: number, section = ''): Promise<void> {
  await db.tx(async (db) => {
    await assertSelectable(db, editionId, kind, entryId);
    const next = (await db.get<{ p: number }>('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM selections WHERE edition_id = ? AND kind = ?', editionId, kind))!.p;
    await db.run('INSERT INTO selections (edition_id, kind, entry_id, position, section) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', editionId, kind, entryId, next, section);
  });
}

export async function removeFromSelection(db: Db, kind: SelectionKind, entryId: number): Promise<boolean> {
  return await db.tx(async (db) => {
    const row = await db.get<{ edition_id: number }>('SELECT edition_id FROM selections WHERE kind = ? AND entry_id = ?', kind, entryId);
    if (!row) return false;
    await db.run('DELETE FROM selections WHERE kind = ? AND entry_id = ?', kind, entryId);
    await renumber(db, row.edition_id, kind);
    return true;
  });
}

/** Moves an entry up (-1) or down (+1) in its selection; false when it cannot move. */
export async function moveInSelection(db: Db, kind: SelectionKind, entryId: number, by: -1 | 1): Promise<boolean> {
  return await db.tx(async (db) => {
    const row = await db.get<{ edition_id: number; position: number }>('SELECT edition_id, position FROM selections WHERE kind = ? AND entry_id = ?', kind, entryId);
    if (!row) return false;
    const other = await db.get<{ entry_id: number }>('SELECT entry_id FROM selections WHERE edition_id = ? AND kind = ? AND position = ?', row.edition_id, kind, row.position + by);
    if (!other) return false;
    await db.run('UPDATE selections SET position = ? WHERE kind = ? AND entry_id = ?', row.position, kind, other.entry_id);
    await db.run('UPDATE selections SET position = ? WHERE kind = ? AND entry_id = ?', row.position + by, kind, entryId);
    return true;
  });
}

export async function setSection(db: Db, kind: SelectionKind, entryId: number, section: string): Promise<boolean> {
  return (await db.run('UPDATE selections SET section = ? WHERE kind = ? AND entry_id = ?', section.trim().slice(0, 120), kind, entryId)).changes === 1;
}

/**
 * A selection in order. Entries that are no longer eligible (rejected since, consent withdrawn,
 * for the catalogue: no print consent) are left out, never shown.
 */
export async function listSelection(db: Db, editionId: number, kind: SelectionKind): Promise<SelectedEntry[]> {
  const rows = await db.all<{ entry_id: number; position: number; section: string }>(
    `SELECT s.entry_id, s.position, s.section FROM selections s JOIN entries e ON e.id = s.entry_id
     WHERE s.edition_id = ? AND s.kind = ? AND ${visibleSql(kind === 'catalogue' ? 'printable' : 'exhibitable', 'e')}
     ORDER BY s.position`,
    editionId,
    kind,
  );
  const entries = new Map((await getEntriesByIds(db, rows.map((r) => r.entry_id))).map((e) => [e.id, e]));
  return rows.flatMap((r) => {
    const entry = entries.get(r.entry_id);
    return entry ? [{ entry, position: r.position, section: r.section }] : [];
  });
}

export async function isSelected(db: Db, kind: SelectionKind, entryId: number): Promise<boolean> {
  return await db.get('SELECT 1 AS x FROM selections WHERE kind = ? AND entry_id = ?', kind, entryId) !== undefined;
}

async function assertSelectable(db: Db, editionId: number, kind: SelectionKind, entryId: number): Promise<void> {
  const e = (await getEntriesByIds(db, [entryId]))[0];
  if (!e || e.status !== 'accepted') throw new SelectionError('not-accepted');
  if (e.editionId !== editionId) throw new SelectionError('other-edition');
  if (kind === 'catalogue' && !isVisible('printable', e)) throw new SelectionError('no-print-consent');
}

async function renumber(db: Db, editionId: number, kind: SelectionKind): Promise<void> {
  const ids = await db.all<{ entry_id: number }>('SELECT entry_id FROM selections WHERE edition_id = ? AND kind = ? ORDER BY position', editionId, kind);
  for (const [i, r] of ids.entries()) await db.run('UPDATE selections SET position = ? WHERE kind = ? AND entry_id = ?', i + 1, kind, r.entry_id);
}

/** The demo's selections: every accepted work with print consent, awarded works first. */
export async function seedDemoSelections(db: Db, editionId: number): Promise<void> {
  const ids = (await db
    .all<{ id: number }>(`SELECT id FROM entries WHERE edition_id = ? AND ${visibleSql('printable')} ORDER BY award_id IS NULL, award_id, seq`, editionId))
    .map((r) => r.id);
  await setSelection(db, editionId, 'catalogue', ids);
  await setSelection(db, editionId, 'exhibition', ids.slice(0, 16));
}

/** Moves an entry to a 1-based position in its selection (clamped to the ends); false when it is not in it. */
export async function moveToPosition(db: Db, kind: SelectionKind, entryId: number, position: number): Promise<boolean> {
  return await db.tx(async (db) => {
    const row = await db.get<{ edition_id: number }>('SELECT edition_id FROM selections WHERE kind = ? AND entry_id = ?', kind, entryId);
    if (!row) return false;
    const ids = (await db.all<{ entry_id: number }>('SELECT entry_id FROM selections WHERE edition_id = ? AND kind = ? ORDER BY position', row.edition_id, kind)).map((r) => r.entry_id);
    const rest = ids.filter((id) => id !== entryId);
    rest.splice(Math.max(0, Math.min(rest.length, Math.round(position) - 1)), 0, entryId);
    for (const [i, id] of rest.entries()) await db.run('UPDATE selections SET position = ? WHERE kind = ? AND entry_id = ?', i + 1, kind, id);
    return true;
  });
}
