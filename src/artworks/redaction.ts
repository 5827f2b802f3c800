import { createHash } from 'node:crypto';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import { z } from 'zod';
import { audit, type Actor } from '#src/platform/audit.ts';
import { artworkKey, derivativeName, masterKey } from './storage.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import type { Db } from '#src/platform/db.ts';
import { processImage, type ProcessedImage } from './images.ts';

/**
 * Redaction before judging: rectangles (fractions of the page) blurred or covered. Jurors only
 * ever get pictures rendered here from the master with the rectangles applied.
 *
 * Per entry the organiser may also choose to show the redacted pictures publicly: then the original
 * master is kept as p<n>.orig.jpg, and p<n>.jpg and its web derivatives are replaced by redacted
 * ones (so the gallery, share images and the catalogue all use them); the page rows are updated,
 * which changes the entry's media version, so no cached old picture URL stays valid.
 */
export const REDACTION_MODES = ['blur', 'cover'] as const;
export type RedactionMode = (typeof REDACTION_MODES)[number];

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Redaction extends Rect {
  id: number;
  entryId: number;
  pageNo: number;
  mode: RedactionMode;
}

const fraction = z.number().min(0).max(1);
export const redactionSchema = z
  .object({ pageNo: z.number().int().min(1).max(12), x: fraction, y: fraction, w: z.number().gt(0).max(1), h: z.number().gt(0).max(1), mode: z.enum(REDACTION_MODES) })
  .refine((r) => r.x + r.w <= 1.0001 && r.y + r.h <= 1.0001, { error: 'outside' });

export async function listRedactions(db: Db, entryId: number): Promise<Redaction[]> {
  return await db.all<Redaction>('SELECT id, entry_id AS entryId, page_no AS pageNo, x, y, w, h, mode FROM redactions WHERE entry_id = ? ORDER BY page_no, id', entryId);
}

export async function addRedaction(db: Db, actor: Actor, entryId: number, input: z.input<typeof redactionSchema>): Promise<{ ok: true; id: number } | { ok: false }> {
  const parsed = redactionSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  const r = parsed.data;
  return await db.tx(async (db) => {
    if (!await db.get('SELECT 1 AS x FROM entry_pages WHERE entry_id = ? AND page_no = ?', entryId, r.pageNo)) return { ok: false as const };
    const { id } = (await db.get<{ id: number }>('INSERT INTO redactions (entry_id, page_no, x, y, w, h, mode) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id', entryId, r.pageNo, r.x, r.y, r.w, r.h, r.mode))!;
    await audit(db, actor, { action: 'entry.redact', entryId, after: r });
    return { ok: true as const, id };
  });
}

export async function removeRedaction(db: Db, actor: Actor, entryId: number, id: number): Promise<boolean> {
  return await db.tx(async (db) => {
    const before = (await listRedactions(db, entryId)).find((r) => r.id === id);
    if (!before) return false;
    await db.run('DELETE FROM redactions WHERE id = ?', id);
    const { id: _id, entryId: _e, ...rest } = before;
    await audit(db, actor, { action: 'entry.unredact', entryId, before: rest });
    return true;
  });
}

/** Pixel boxes of the rectangles on a picture of this size (at least 1 px, inside the picture). */
export function pixelBoxes(rects: Rect[], width: number, height: number): { left: number; top: number; width: number; height: number }[] {
  return rects.map((r) => {
    const left = Math.min(width - 1, Math.max(0, Math.round(r.x * width)));
    const top = Math.min(height - 1, Math.max(0, Math.round(r.y * height)));
    return {
      left,
      top,
      width: Math.max(1, Math.min(width - left, Math.round(r.w * width))),
      height: Math.max(1, Math.min(height - top, Math.round(r.h * height))),
    };
  });
}

/** The picture with its rectangles applied: covered with a flat colour, or pixelated and blurred beyond reading. */
export async function applyRedactions(source: Buffer, rects: (Rect & { mode: RedactionMode })[]): Promise<Sharp> {
  const meta = await sharp(source).metadata();
  const W = meta.width;
  const H = meta.height;
  const boxes = pixelBoxes(rects, W, H);
  const layers: OverlayOptions[] = [];
  for (const [i, box] of boxes.entries()) {
    if (rects[i]!.mode === 'cover') {
      layers.push({ input: { create: { width: box.width, height: box.height, channels: 3, background: '#3a3a3a' } }, left: box.left, top: box.top });
      continue;
    }
    // Pixelate first (nothing fine survives), then blur the blocks so the area reads as "hidden".
    const small = await sharp(source).extract(box).resize({ width: Math.max(1, Math.round(box.width / 24)), height: Math.max(1, Math.round(box.height / 24)), fit: 'fill' }).toBuffer();
    const back = await sharp(small).resize({ width: box.width, height: box.height, fit: 'fill', kernel: 'nearest' }).blur(Math.max(2, Math.min(box.width, box.height) / 20)).toBuffer();
    layers.push({ input: back, left: box.left, top: box.top });
  }
  return sharp(source).composite(layers);
}

const origKey = (entryId: number, pageNo: number) => artworkKey(entryId, `p${pageNo}.orig.jpg`);
/** The unredacted master of a page (the kept original when the public picture is redacted). */
export async function originalMaster(storage: Storage, entryId: number, pageNo: number): Promise<Buffer | undefined> {
  return (await storage.read(origKey(entryId, pageNo))) ?? (await storage.read(masterKey(entryId, pageNo)));
}

export const JURY_WIDTH = 1600;

/**
 * The picture a juror sees of one page: rendered from the original master with the page's
 * rectangles applied, as WebP at most JURY_WIDTH wide, cached in the entry's folder by a key of
 * its rectangles (erasing the entry erases the cache).
 */
export async function juryImage(db: Db, storage: Storage, entryId: number, pageNo: number): Promise<Buffer | undefined> {
  if (!await db.get('SELECT 1 AS x FROM entry_pages WHERE entry_id = ? AND page_no = ?', entryId, pageNo)) return undefined;
  const rects = (await listRedactions(db, entryId)).filter((r) => r.pageNo === pageNo);
  const hash = createHash('sha256').update(JSON.stringify(rects.map(({ x, y, w, h, mode }) => [x, y, w, h, mode]))).digest('base64url').slice(0, 16);
  const key = artworkKey(entryId, `jury-p${pageNo}-${hash}.webp`);
  const kept = await storage.read(key);
  if (kept) return kept;
  const source = await originalMaster(storage, entryId, pageNo);
  if (!source) return undefined;
  const redacted = await (await applyRedactions(source, rects)).jpeg({ quality: 92 }).toBuffer();
  const data = await sharp(redacted).resize({ width: JURY_WIDTH, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  await storage.write(key, data, 'image/webp');
  for (const old of await storage.list(artworkKey(entryId, `jury-p${pageNo}-`))) if (old.key !== key) await storage.remove(old.key);
  return data;
}

export async function redactPublic(db: Db, entryId: number): Promise<boolean> {
  return (await db.get<{ r: number }>('SELECT redact_public AS r FROM entries WHERE id = ?', entryId))?.r === 1;
}

/**
 * Makes the public pictures of an entry match its choice: redacted (with its current rectangles)
 * or the original. Writes the files first, then updates the page rows (new media version).
 */
export async function refreshPublicPictures(db: Db, storage: Storage, entryId: number): Promise<void> {
  const redact = await redactPublic(db, entryId);
  const pages = await db.all<{ page_no: number }>('SELECT page_no FROM entry_pages WHERE entry_id = ? ORDER BY page_no', entryId);
  const rects = await listRedactions(db, entryId);
  const placeholders: [number, string][] = [];
  const writeDerivatives = (n: number, processed: ProcessedImage) =>
    Promise.all(processed.derivatives.map((d) => storage.write(artworkKey(entryId, derivativeName(n, d.width, d.format)), d.data)));
  for (const { page_no: n } of pages) {
    const pageRects = rects.filter((r) => r.pageNo === n);
    const orig = await storage.read(origKey(entryId, n));
    if (!redact || pageRects.length === 0) {
      if (!orig) continue; // already the original
      const processed = await processImage(orig);
      await writeDerivatives(n, processed);
      // The original becomes the master again; only then does the kept copy go.
      await storage.write(masterKey(entryId, n), orig, 'image/jpeg');
      await storage.remove(origKey(entryId, n));
      placeholders.push([n, processed.placeholder]);
      continue;
    }
    let original = orig;
    if (!original) {
      // Keep the original before the master is replaced by its redacted version.
      original = await storage.read(masterKey(entryId, n));
      if (!original) continue;
      await storage.write(origKey(entryId, n), original, 'image/jpeg');
    }
    const redacted = await (await applyRedactions(original, pageRects)).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
    const processed = await processImage(redacted);
    await storage.write(masterKey(entryId, n), processed.master, 'image/jpeg');
    await writeDerivatives(n, processed);
    placeholders.push([n, processed.placeholder]);
  }
  // Updating the rows changes media_version (migration 4's triggers): old picture URLs stop working.
  await db.tx(async (db) => {
    for (const [n, placeholder] of placeholders) await db.run('UPDATE entry_pages SET placeholder = ? WHERE entry_id = ? AND page_no = ?', placeholder, entryId, n);
  });
}

export async function setRedactPublic(db: Db, storage: Storage, actor: Actor, entryId: number, on: boolean): Promise<boolean> {
  const ok = await db.tx(async (db) => {
    const before = await db.get<{ r: number }>('SELECT redact_public AS r FROM entries WHERE id = ?', entryId);
    if (!before) return false;
    await db.run('UPDATE entries SET redact_public = ? WHERE id = ?', on ? 1 : 0, entryId);
    await audit(db, actor, { action: 'entry.redactPublic', entryId, before: before.r === 1, after: on });
    return true;
  });
  if (ok) await refreshPublicPictures(db, storage, entryId);
  return ok;
}
