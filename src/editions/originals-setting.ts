/**
 * An edition's setting for physical originals: whether it asks for them by post, and whether they
 * are returned to schools or archived after the tour. Entries' mails and status pages read it, the
 * post desk and the tour act on it (src/originals/).
 */
import type { Db } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';

export const AFTER_TOUR = ['return', 'archive'] as const;
export type AfterTour = (typeof AFTER_TOUR)[number];

export interface OriginalsSetting {
  byPost: boolean;
  afterTour: AfterTour;
}

export const DEFAULT_ORIGINALS_SETTING: OriginalsSetting = { byPost: false, afterTour: 'return' };

export async function originalsSetting(db: Db, editionId: number): Promise<OriginalsSetting> {
  const row = await db.get<{ by_post: number; after_tour: AfterTour }>('SELECT by_post, after_tour FROM edition_originals WHERE edition_id = ?', editionId);
  return row ? { byPost: row.by_post === 1, afterTour: row.after_tour } : DEFAULT_ORIGINALS_SETTING;
}

export async function saveOriginalsSetting(db: Db, actor: Actor, editionId: number, s: OriginalsSetting): Promise<void> {
  await db.tx(async (db) => {
    const before = await originalsSetting(db, editionId);
    await db.run('DELETE FROM edition_originals WHERE edition_id = ?', editionId);
    await db.run('INSERT INTO edition_originals (edition_id, by_post, after_tour) VALUES (?, ?, ?)', editionId, s.byPost ? 1 : 0, s.afterTour);
    await audit(db, actor, { action: 'edition.originals', subject: `edition:${editionId}`, before, after: s });
  });
}

/** Whether the edition an entry belongs to asks for its original by post. */
export async function entryNeedsOriginal(db: Db, entryId: number): Promise<boolean> {
  const row = await db.get<{ by_post: number }>(
    'SELECT o.by_post FROM entries e JOIN edition_originals o ON o.edition_id = e.edition_id WHERE e.id = ?',
    entryId,
  );
  return row?.by_post === 1;
}
