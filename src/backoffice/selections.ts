import type { Db } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { addToSelection, SelectionError, type SelectionKind } from '#src/catalogue/selection.ts';
import { matchReference, searchSql } from '#src/entries/review.ts';
import { visibleSql } from '#src/entries/visibility.ts';

/** A work organisers may add to a selection, as the search lists it (with its first page's smallest picture). */
export interface Candidate {
  id: number;
  reference: string;
  title: string;
  thumbWidth: number | null;
}

/**
 * Works of an edition that could join a selection and are not in it yet, matching a title or a
 * reference as people type it ("ct-2026-17"): accepted works, for the catalogue with print consent.
 */
export async function selectionCandidates(db: Db, editionId: number, kind: SelectionKind, q: string, limit = 12): Promise<Candidate[]> {
  if (!q.trim()) return [];
  const search = searchSql(q);
  return (await db
    .all<{ id: number; reference: string; title: string; widths: string | null }>(
      `SELECT e.id, e.reference, e.title, (SELECT widths FROM entry_pages WHERE entry_id = e.id AND page_no = 1) AS widths
       FROM entries e WHERE e.edition_id = ? AND ${visibleSql(kind === 'catalogue' ? 'printable' : 'exhibitable', 'e')} AND ${search.sql}
       AND NOT EXISTS (SELECT 1 FROM selections s WHERE s.kind = ? AND s.entry_id = e.id)
       ORDER BY e.seq LIMIT ?`,
      editionId, ...search.params, kind, limit,
    ))
    .map((r) => ({ id: r.id, reference: r.reference, title: r.title, thumbWidth: r.widths ? ((JSON.parse(r.widths) as number[])[0] ?? null) : null }));
}

/** Adds several works at the end of a selection in the order given; works that cannot join are counted, not added. */
export async function addManyToSelection(db: Db, actor: Actor, editionId: number, kind: SelectionKind, entryIds: number[]): Promise<{ added: number; refused: number }> {
  let added = 0;
  let refused = 0;
  await db.tx(async (db) => {
    added = 0;
    refused = 0;
    for (const id of entryIds) {
      if (await db.get('SELECT 1 AS x FROM selections WHERE kind = ? AND entry_id = ?', kind, id)) continue;
      try {
        await addToSelection(db, editionId, kind, id);
        await audit(db, actor, { action: 'selection.add', entryId: id, subject: kind, after: 'add' });
        added++;
      } catch (err) {
        if (!(err instanceof SelectionError)) throw err;
        refused++;
      }
    }
  });
  return { added, refused };
}

/** The entry of an edition a typed reference names ("ct-2026-17", "17"), if any. */
export async function entryByReference(db: Db, editionId: number, text: string): Promise<number | undefined> {
  const ref = matchReference(text);
  if (!ref) return undefined;
  return (await db.get<{ id: number }>(
    'SELECT e.id FROM entries e JOIN editions d ON d.id = e.edition_id WHERE e.edition_id = ? AND e.seq = ? AND (d.year = ? OR ? = 0)',
    editionId, ref.seq, ref.year ?? 0, ref.year ?? 0,
  ))?.id;
}
