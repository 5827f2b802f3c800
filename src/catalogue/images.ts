/**
 * Pictures for the catalogue, made from the print master on demand and kept in a cache under the
 * data directory: <DATA_DIR>/catalogue/images/<entry>/v<media version>/p<page>-<width>-q<quality>.jpg.
 * Only the print route asks for them (organisers and the catalogue command), never the public.
 *
 * Plain, erasable TypeScript only.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { masterPath } from '#src/artworks/storage.ts';
import { WorkQueue } from '#src/platform/work-queue.ts';

export function catalogueDir(dataDir: string): string {
  return join(dataDir, 'catalogue');
}

export function catalogueImagesDir(dataDir: string, entryId: number): string {
  return join(catalogueDir(dataDir), 'images', String(entryId));
}

/** Removes every cached catalogue picture of an entry (for erasure). */
export function removeCatalogueImages(dataDir: string, entryId: number): void {
  rmSync(catalogueImagesDir(dataDir, entryId), { recursive: true, force: true });
}

// Two at a time: a catalogue asks for every picture at once, the machine has few cores.
const queue = new WorkQueue(2, 100_000);
const pending = new Map<string, Promise<string>>();

/**
 * The path of a page's picture at `width` pixels (never wider than the master) as a JPEG of the
 * given quality, made when it is not cached yet. Progressive off, sRGB profile kept, no metadata.
 */
export function catalogueImage(dataDir: string, entry: { id: number; mediaVersion: number }, pageNo: number, masterWidth: number, width: number, quality: number): Promise<string> {
  const w = Math.min(Math.max(1, Math.round(width)), masterWidth);
  const path = catalogueImagePath(dataDir, entry, pageNo, w, quality);
  const dir = dirname(path);
  if (made(path)) return Promise.resolve(path);
  let job = pending.get(path);
  if (!job) {
    job = queue
      .run(async () => {
        mkdirSync(dir, { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        const master = masterPath(dataDir, entry.id, pageNo);
        const pipeline = sharp(master, { failOn: 'error' });
        if (w < masterWidth) pipeline.resize({ width: w, kernel: 'lanczos3' });
        await pipeline.withIccProfile('srgb').jpeg({ quality, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0', mozjpeg: false }).toFile(tmp);
        renameSync(tmp, path);
        return path;
      })
      .finally(() => pending.delete(path));
    pending.set(path, job);
  }
  return job;
}

/** Where a page's picture of a given width and quality is cached. */
export function catalogueImagePath(dataDir: string, entry: { id: number; mediaVersion: number }, pageNo: number, width: number, quality: number): string {
  return join(catalogueImagesDir(dataDir, entry.id), `v${entry.mediaVersion}`, `p${pageNo}-${width}-q${quality}.jpg`);
}

function made(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

/**
 * Makes every missing size of one page from a single decode of its master (the background task
 * on acceptance uses this: decoding a 12-megapixel master is the expensive part). The master is
 * decoded once at the largest size asked for, in sRGB, and each size is made from those pixels.
 * Returns how many files it wrote.
 */
export async function makeCatalogueImages(dataDir: string, entry: { id: number; mediaVersion: number }, pageNo: number, masterWidth: number, sizes: { width: number; quality: number }[]): Promise<number> {
  const wanted = [...new Map(sizes.map((s) => {
    const width = Math.min(Math.max(1, Math.round(s.width)), masterWidth);
    return [`${width}-${s.quality}`, { width, quality: s.quality, path: catalogueImagePath(dataDir, entry, pageNo, width, s.quality) }] as const;
  })).values()].filter((s) => !made(s.path));
  if (wanted.length === 0) return 0;
  const largest = Math.max(...wanted.map((s) => s.width));
  const decode = sharp(masterPath(dataDir, entry.id, pageNo), { failOn: 'error' });
  if (largest < masterWidth) decode.resize({ width: largest, kernel: 'lanczos3' });
  const { data, info } = await decode.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  for (const s of wanted) {
    mkdirSync(dirname(s.path), { recursive: true });
    const tmp = `${s.path}.${process.pid}.tmp`;
    const out = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    if (s.width < info.width) out.resize({ width: s.width, kernel: 'lanczos3' });
    await out.withIccProfile('srgb').jpeg({ quality: s.quality, chromaSubsampling: s.quality >= 90 ? '4:4:4' : '4:2:0', mozjpeg: false }).toFile(tmp);
    renameSync(tmp, s.path);
  }
  return wanted.length;
}
