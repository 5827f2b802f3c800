/**
 * Physical originals at the post desk: the edition's setting (does it ask for originals by post,
 * and are they returned to schools or archived after the tour), receiving an original by its
 * scanned or typed reference, its condition, size and scan, and the day's arrivals.
 * Every change is audited in the transaction that makes it.
 */
import { nowIso, type Db } from '#src/platform/db.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { todayInPrague } from '#src/platform/calendar-date.ts';
import { pragueLocalToIso } from '#src/platform/prague-time.ts';
import type { App } from '#src/platform/app.ts';
import { artworkKey, pageFiles } from '#src/artworks/storage.ts';
import type { ProcessedImage } from '#src/artworks/images.ts';
import { referenceOf, type Condition, type OriginalState } from './rules.ts';

export interface Original {
  entryId: number;
  reference: string;
  title: string;
  receivedAt: string;
  condition: Condition;
  widthMm: number | null;
  heightMm: number | null;
  note: string;
  photo: string | null;
  state: OriginalState;
  stopId: number | null;
}

const ORIGINAL_COLUMNS = `o.entry_id AS entryId, e.reference, e.title, o.received_at AS receivedAt, o.condition,
  o.width_mm AS widthMm, o.height_mm AS heightMm, o.note, o.photo, o.state, o.stop_id AS stopId`;

export async function getOriginal(db: Db, entryId: number): Promise<Original | undefined> {
  return await db.get<Original>(`SELECT ${ORIGINAL_COLUMNS} FROM originals o JOIN entries e ON e.id = o.entry_id WHERE o.entry_id = ?`, entryId);
}

export type ScanResult =
  | { kind: 'received'; entryId: number; reference: string }
  | { kind: 'already'; entryId: number; reference: string; receivedAt: string }
  | { kind: 'unknown'; reference: string }
  | { kind: 'unreadable'; scan: string };

/**
 * Marks the original a scan names as received (once): the first scan records it at the office in
 * good condition; a second scan says when it came. The reference alone identifies the work.
 */
export async function receiveScan(db: Db, actor: Actor, scan: string, now: Date = new Date()): Promise<ScanResult> {
  const reference = referenceOf(scan);
  if (!reference) return { kind: 'unreadable', scan: scan.trim().slice(0, 80) };
  return await db.tx(async (db) => {
    const entry = await db.get<{ id: number }>('SELECT id FROM entries WHERE reference = ?', reference);
    if (!entry) return { kind: 'unknown' as const, reference };
    const had = await db.get<{ received_at: string }>('SELECT received_at FROM originals WHERE entry_id = ?', entry.id);
    if (had) return { kind: 'already' as const, entryId: entry.id, reference, receivedAt: had.received_at };
    const at = now.toISOString();
    await db.run('INSERT INTO originals (entry_id, received_at, received_by, moved_at) VALUES (?, ?, ?, ?)', entry.id, at, actor.id, at);
    await audit(db, actor, { action: 'original.received', entryId: entry.id, entryRef: reference });
    return { kind: 'received' as const, entryId: entry.id, reference };
  });
}

export interface OriginalDetails {
  condition: Condition;
  widthMm: number | null;
  heightMm: number | null;
  note: string;
}

/** Condition, size and a note as the desk saw the original; false when it was never received. */
export async function saveOriginalDetails(db: Db, actor: Actor, entryId: number, d: OriginalDetails): Promise<boolean> {
  return await db.tx(async (db) => {
    const before = await getOriginal(db, entryId);
    if (!before) return false;
    await db.run('UPDATE originals SET condition = ?, width_mm = ?, height_mm = ?, note = ? WHERE entry_id = ?', d.condition, d.widthMm, d.heightMm, d.note, entryId);
    await audit(db, actor, {
      action: 'original.details',
      entryId,
      before: { condition: before.condition, widthMm: before.widthMm, heightMm: before.heightMm, note: before.note },
      after: d,
    });
    return true;
  });
}

/** The storage key of the original's scan (kept under the entry's prefix, so erasing the entry removes it). */
export async function setOriginalPhoto(db: Db, actor: Actor, entryId: number, key: string, becamePicture: boolean): Promise<void> {
  await db.tx(async (db) => {
    await db.run('UPDATE originals SET photo = ? WHERE entry_id = ?', key, entryId);
    await audit(db, actor, { action: 'original.photo', entryId, after: { picture: becamePicture } });
  });
}

/** Originals received since the start of a day in Prague (today by default), newest first. */
export async function arrivalsSince(db: Db, day: string = todayInPrague()): Promise<Original[]> {
  const from = pragueLocalToIso(`${day}T00:00`) ?? nowIso();
  return await db.all<Original>(`SELECT ${ORIGINAL_COLUMNS} FROM originals o JOIN entries e ON e.id = o.entry_id WHERE o.received_at >= ? ORDER BY o.received_at DESC`, new Date(from).toISOString());
}

/**
 * The desk's photo or scan of an original, already judged by its bytes (artworks/images.ts): kept as
 * the original's scan under the entry's prefix, and, when the entry has no picture, as its first
 * page with the usual derivatives. Returns whether it became the entry's picture.
 */
export async function storeOriginalScan(app: Pick<App, 'db' | 'storage'>, actor: Actor, entryId: number, image: ProcessedImage): Promise<boolean> {
  const { db, storage } = app;
  const key = artworkKey(entryId, 'original-scan.jpg');
  await storage.write(key, image.master, 'image/jpeg');
  const hasPicture = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM entry_pages WHERE entry_id = ?', entryId))!.n > 0;
  if (!hasPicture) {
    await Promise.all(pageFiles(1, image).map(([name, data]) => storage.write(artworkKey(entryId, name), data)));
    await db.run(
      'INSERT INTO entry_pages (entry_id, page_no, width, height, widths, placeholder) VALUES (?, 1, ?, ?, ?, ?)',
      entryId, image.width, image.height, JSON.stringify([...new Set(image.derivatives.map((d) => d.width))]), image.placeholder,
    );
  }
  await setOriginalPhoto(db, actor, entryId, key, !hasPicture);
  return !hasPicture;
}
