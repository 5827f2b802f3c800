/**
 * Pictures for the catalogue, made from the print master on demand and kept in a cache in the file
 * store (the data directory or the bucket, so every process shares it and erasing an entry erases
 * every copy): catalogue/images/<entry>/v<media version>/p<page>-<width>-q<quality>.jpg.
 * Only the print route asks for them (organisers and the catalogue command), never the public.
 *
 * Plain, erasable TypeScript only.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { masterKey } from '#src/artworks/storage.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import { WorkQueue } from '#src/platform/work-queue.ts';

export function catalogueDir(dataDir: string): string {
  return join(dataDir, 'catalogue');
}

const imagesPrefix = (entryId: number) => `catalogue/images/${entryId}/`;

/** Removes every cached catalogue picture of an entry (for erasure). */
export async function removeCatalogueImages(storage: Storage, entryId: number): Promise<void> {
  await storage.removePrefix(imagesPrefix(entryId));
}

// Two at a time: a catalogue asks for every picture at once, the machine has few cores.
const queue = new WorkQueue(2, 100_000);
const pending = new Map<string, Promise<Buffer | undefined>>();

/**
 * A page's picture at `width` pixels (never wider than the master) as a JPEG of the given quality,
 * made when it is not cached yet (undefined without a master). Progressive off, sRGB profile kept,
 * no metadata.
 */
export async function catalogueImage(storage: Storage, entry: { id: number; mediaVersion: number }, pageNo: number, masterWidth: number, width: number, quality: number): Promise<Buffer | undefined> {
  const w = Math.min(Math.max(1, Math.round(width)), masterWidth);
  const key = `${imagesPrefix(entry.id)}v${entry.mediaVersion}/p${pageNo}-${w}-q${quality}.jpg`;
  const kept = await storage.read(key);
  if (kept && kept.length > 0) return kept;
  let job = pending.get(key);
  if (!job) {
    job = queue
      .run(async () => {
        const master = await storage.read(masterKey(entry.id, pageNo));
        if (!master) return undefined;
        const pipeline = sharp(master, { failOn: 'error' });
        if (w < masterWidth) pipeline.resize({ width: w, kernel: 'lanczos3' });
        const data = await pipeline.withIccProfile('srgb').jpeg({ quality, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0', mozjpeg: false }).toBuffer();
        await storage.write(key, data, 'image/jpeg');
        return data;
      })
      .finally(() => pending.delete(key));
    pending.set(key, job);
  }
  return job;
}
