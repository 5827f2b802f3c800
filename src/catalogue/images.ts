/**
 * Pictures for the catalogue, made from the print master on demand and kept in a cache under the
 * data directory: <DATA_DIR>/catalogue/images/<entry>/v<media version>/p<page>-<width>-q<quality>.jpg.
 * Only the print route asks for them (organisers and the catalogue command), never the public.
 *
 * Plain, erasable TypeScript only.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
  const dir = join(catalogueImagesDir(dataDir, entry.id), `v${entry.mediaVersion}`);
  const path = join(dir, `p${pageNo}-${w}-q${quality}.jpg`);
  try {
    if (statSync(path).size > 0) return Promise.resolve(path);
  } catch {
    // not made yet
  }
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
