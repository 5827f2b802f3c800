/**
 * Pictures for the catalogue, made from the print master on demand and kept in a cache in the file
 * store (the data directory or the bucket, so every process shares it and erasing an entry erases
 * every copy): catalogue/images/<entry>/v<media version>/p<page>-<width>-q<quality>.jpg.
 * Only the print route asks for them (organisers and the catalogue command), never the public.
 *
 * Plain, erasable TypeScript only.
 */
import { join } from 'node:path';
import sharp, { type JpegOptions, type Sharp } from 'sharp';
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
  const key = catalogueImageKey(entry, pageNo, w, quality);
  const kept = await storage.read(key);
  if (kept && kept.length > 0) return kept;
  let job = pending.get(key);
  if (!job) {
    job = queue
      .run(async () => {
        const master = await storage.read(masterKey(entry.id, pageNo));
        if (!master) return undefined;
        const pipeline = await openMaster(master);
        if (w < masterWidth) pipeline.resize({ width: w, kernel: 'lanczos3' });
        const data = await pipeline.jpeg(jpegOptions(quality)).toBuffer();
        await storage.write(key, data, 'image/jpeg');
        return data;
      })
      .finally(() => pending.delete(key));
    pending.set(key, job);
  }
  return job;
}

/** A catalogue picture's JPEG: full colour resolution at print quality, baseline (not mozjpeg). */
function jpegOptions(quality: number): JpegOptions {
  return { quality, chromaSubsampling: quality >= 90 ? '4:4:4' : '4:2:0', mozjpeg: false };
}

/**
 * A master, ready to give sRGB pixels with the sRGB profile. Masters are 8-bit sRGB and carry
 * sharp's sRGB profile (artworks/images.ts). For them, a conversion to sRGB changes no byte of the
 * result but takes two thirds of the time (lcms runs over every pixel: 350 against 110 ms for a
 * 12-megapixel poster at A4 print size), so their profile is kept as it is. A master with any
 * other profile, or none, is converted.
 */
export async function openMaster(master: Buffer): Promise<Sharp> {
  const image = sharp(master, { failOn: 'error' });
  const { icc } = await image.metadata();
  return icc && icc.equals(await srgbProfile()) ? image.keepIccProfile() : image.toColourspace('srgb').withIccProfile('srgb');
}

let srgb: Promise<Buffer> | undefined;
/** The sRGB profile sharp writes with withIccProfile('srgb'), read once from a 1 × 1 picture. */
function srgbProfile(): Promise<Buffer> {
  srgb ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
    .withIccProfile('srgb').jpeg().toBuffer()
    .then(async (jpeg) => (await sharp(jpeg).metadata()).icc ?? Buffer.alloc(0));
  return srgb;
}

/** The store key a page's picture of a given width and quality is cached under. */
export function catalogueImageKey(entry: { id: number; mediaVersion: number }, pageNo: number, width: number, quality: number): string {
  return `${imagesPrefix(entry.id)}v${entry.mediaVersion}/p${pageNo}-${width}-q${quality}.jpg`;
}

/**
 * Makes every missing size of one page from a single decode of its master (the background task
 * on acceptance uses this: decoding a 12-megapixel master is the expensive part). The master is
 * decoded once at the largest size asked for, in sRGB, and each size is made from those pixels.
 * Returns how many pictures it wrote.
 */
export async function makeCatalogueImages(storage: Storage, entry: { id: number; mediaVersion: number }, pageNo: number, masterWidth: number, sizes: { width: number; quality: number }[]): Promise<number> {
  const all = [...new Map(sizes.map((s) => {
    const width = Math.min(Math.max(1, Math.round(s.width)), masterWidth);
    return [`${width}-${s.quality}`, { width, quality: s.quality, key: catalogueImageKey(entry, pageNo, width, s.quality) }] as const;
  })).values()];
  const wanted = [];
  for (const s of all) if (!(await storage.exists(s.key))) wanted.push(s);
  if (wanted.length === 0) return 0;
  const master = await storage.read(masterKey(entry.id, pageNo));
  if (!master) return 0;
  const largest = Math.max(...wanted.map((s) => s.width));
  const decode = await openMaster(master);
  if (largest < masterWidth) decode.resize({ width: largest, kernel: 'lanczos3' });
  const { data, info } = await decode.raw().toBuffer({ resolveWithObject: true });
  for (const s of wanted) {
    const out = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    if (s.width < info.width) out.resize({ width: s.width, kernel: 'lanczos3' });
    const jpeg = await out.withIccProfile('srgb').jpeg(jpegOptions(s.quality)).toBuffer();
    await storage.write(s.key, jpeg, 'image/jpeg');
  }
  return wanted.length;
}
