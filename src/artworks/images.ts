/**
 * Uploaded images: judged by their bytes (never by name or declared MIME type), then turned into a
 * print master and web derivatives with sharp.
 *
 * Order of judgement (the first rule that applies wins):
 *   1. zero bytes                                  -> 'empty'
 *   2. more than policy.maxBytes                   -> 'too-large-file'
 *   3. our own magic-byte sniff (sniffFormat):
 *        HEIC/HEIF (ftyp brands without avif)      -> 'heic'
 *        text starting with '<' holding '<svg'     -> 'svg'
 *        other text/HTML, unknown magic, video     -> 'not-an-image'
 *        GIF                                       -> 'animated' (several frames) or 'unsupported-format'
 *        APNG (acTL chunk), AVIF sequence ('avis') -> 'animated'
 *        other known image formats (BMP, PSD, ...) -> 'unsupported-format'
 *      Only JPEG, PNG, WebP, AVIF and TIFF go further.
 *   4. sharp header metadata (no pixels decoded, no pixel limit):
 *        unreadable                                -> 'corrupt'
 *        width x height > policy.maxPixels         -> 'too-many-pixels'
 *        several frames/pages                      -> 'animated' (see below for AVIF)
 *        oriented short side < policy.minShortSide -> 'too-small'
 *   5. decoding with failOn 'error' and the pixel limit; any failure -> 'corrupt'.
 *
 * Messages live with the caller, which translates `code` (and may use `detail`).
 *
 * Plain, erasable TypeScript only: Node's type stripping runs this file as is.
 */
import sharp from 'sharp';

// No libvips operation cache: uploads are each seen once, and the cache only holds memory.
sharp.cache(false);
import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { DEFAULT_POLICY, type AcceptedFormat, type ImagePolicy } from './image-policy.ts';
import { QueueFullError, WorkQueue } from '#src/platform/work-queue.ts';

/**
 * Image processing takes turns: two at a time (the machine's cores), up to 40 waiting; beyond that
 * the artist is asked to retry in a minute rather than the server running out of memory. Pages of a
 * plain form post and pages uploaded in the background share this one queue.
 */
export const imageQueue = new WorkQueue(2, 40);

/** An uploaded picture judged and processed, or why not: `image.<code>` for the picture, `busy` for a full queue. */
export type JudgedUpload =
  | { ok: true; image: ProcessedImage }
  | { ok: false; reason: `image.${ImageErrorCode}`; detail?: Record<string, string | number> }
  | { ok: false; reason: 'busy' };

/**
 * Judges an uploaded file by its bytes and processes it, taking its turn in `imageQueue`, for the
 * uploads that are not an entry's pages (a signed consent form, an original's scan): the refusal
 * comes back as a reason for the form to show, never as an exception.
 */
export async function judgeUpload(file: Blob): Promise<JudgedUpload> {
  try {
    return { ok: true, image: await imageQueue.run(async () => processImage(new Uint8Array(await file.arrayBuffer()))) };
  } catch (err) {
    if (err instanceof ImageRejectedError) return { ok: false, reason: `image.${err.code}`, ...(err.detail ? { detail: err.detail } : {}) };
    if (err instanceof QueueFullError) return { ok: false, reason: 'busy' };
    throw err;
  }
}

export type ImageErrorCode =
  | 'empty'
  | 'too-large-file'
  | 'not-an-image'
  | 'heic'
  | 'svg'
  | 'animated'
  | 'unsupported-format'
  | 'too-many-pixels'
  | 'corrupt'
  | 'too-small';

export class ImageRejectedError extends Error {
  code: ImageErrorCode;
  detail?: Record<string, string | number>;

  constructor(code: ImageErrorCode, detail?: Record<string, string | number>, options?: { cause?: unknown }) {
    super(`Image rejected: ${code}${detail ? ` ${JSON.stringify(detail)}` : ''}`, options);
    this.name = 'ImageRejectedError';
    this.code = code;
    if (detail) this.detail = detail;
  }
}


export const WEB_WIDTHS = [480, 960, 1600];

export interface Derivative {
  format: 'avif' | 'webp';
  width: number;
  height: number;
  data: Buffer;
}


export interface ProcessedImage {
  /** Detected input format. */
  format: AcceptedFormat;
  /** Size of the master, i.e. after EXIF orientation has been applied. */
  width: number;
  height: number;
  /** JPEG q95 4:4:4, 8-bit sRGB, upright, with an sRGB ICC profile, without EXIF/XMP/IPTC. */
  master: Buffer;
  /** AVIF and WebP at each WEB_WIDTHS width that fits the master (or one pair at master width). */
  derivatives: Derivative[];
  /** Tiny blurred 'data:image/webp;base64,...' (about 20 px wide). */
  placeholder: string;
}

/** What the magic bytes say. Only the five accepted formats are ever processed. */
export type SniffedFormat =
  | AcceptedFormat
  | 'gif'
  | 'heic'
  | 'svg'
  | 'bmp'
  | 'ico'
  | 'psd'
  | 'pdf'
  | 'jxl'
  | 'jp2'
  | 'exr'
  | 'camera-raw'
  | 'text'
  | 'unknown';

export interface SniffResult {
  format: SniffedFormat;
  /** Known from the bytes alone to hold an animation (APNG acTL chunk, AVIF 'avis' brand). */
  animated?: boolean;
  /** ISO-BMFF major brand (AVIF/HEIC/video), when there is one. */
  brand?: string;
}

const OUTPUT = {
  // Huffman optimisation makes mozjpeg hold every DCT coefficient of the whole picture: about
  // 300 MB for a 12 MP photo. The master is for print, so a few per cent larger file is the
  // better trade (bench:intake measures the peak memory).
  master: { quality: 95, chromaSubsampling: '4:4:4', optimiseCoding: false },
  avif: { quality: 50, effort: 2, chromaSubsampling: '4:2:0' },
  webp: { quality: 78 },
  placeholder: { width: 20, quality: 40, blurSigma: 1 },
} as const;

const WHITE = { r: 255, g: 255, b: 255 };

// ---------------------------------------------------------------------------------------------
// Sniffing

function ascii(b: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function startsWith(b: Uint8Array, sig: readonly number[], offset = 0): boolean {
  if (b.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[offset + i] !== sig[i]) return false;
  return true;
}

function u32be(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'mif2']);

/** ISO base media file ('....ftyp'): AVIF, HEIC/HEIF, or something else (MP4, MOV, CR3...). */
function sniffFtyp(b: Uint8Array): SniffResult {
  const major = ascii(b, 8, 4);
  const boxSize = u32be(b, 0);
  const end = Math.min(b.length, boxSize >= 16 ? boxSize : 16, 4096);
  const brands = new Set([major]);
  for (let o = 16; o + 4 <= end; o += 4) brands.add(ascii(b, o, 4));
  // An AVIF image sequence is an animation; a still AVIF may also list 'avis', but then its
  // major brand is 'avif' and libheif decodes the primary still image.
  if (major === 'avis') return { format: 'avif', animated: true, brand: major };
  if (brands.has('avif') || brands.has('avis')) return { format: 'avif', brand: major };
  for (const brand of brands) if (HEIC_BRANDS.has(brand)) return { format: 'heic', brand: major };
  if (major === 'crx ') return { format: 'camera-raw', brand: major };
  return { format: 'unknown', brand: major.replace(/[^\x20-\x7e]/g, '?') };
}

/** Walks PNG chunks up to the first IDAT looking for acTL (animated PNG). */
function isApng(b: Uint8Array): boolean {
  let o = 8;
  while (o + 8 <= b.length) {
    const length = u32be(b, o);
    const type = ascii(b, o + 4, 4);
    if (type === 'acTL') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    o += 12 + length;
  }
  return false;
}

/** TIFF-based camera raw files (CR2, DNG) would be read by libvips as their preview/thumbnail. */
function isTiffCameraRaw(b: Uint8Array): boolean {
  if (ascii(b, 8, 2) === 'CR') return true; // Canon CR2
  const le = b[0] === 0x49;
  const u16 = (o: number) => (le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!);
  const u32 = (o: number) => (le ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 2 ** 24 : u32be(b, o));
  if (u16(2) !== 42) return false; // BigTIFF: not inspected further
  const ifd = u32(4);
  if (ifd + 2 > b.length) return false;
  const count = u16(ifd);
  for (let i = 0; i < count && ifd + 2 + i * 12 + 2 <= b.length; i++) {
    if (u16(ifd + 2 + i * 12) === 50706) return true; // DNGVersion
  }
  return false;
}

/** Text that starts (after a BOM and whitespace) with '<': SVG if it holds an <svg element. */
function sniffText(b: Uint8Array): SniffResult | undefined {
  const head = b.subarray(0, 64 * 1024);
  let text: string;
  if (startsWith(head, [0xff, 0xfe])) text = new TextDecoder('utf-16le').decode(head);
  else if (startsWith(head, [0xfe, 0xff])) text = new TextDecoder('utf-16be').decode(head);
  else text = new TextDecoder('utf-8').decode(head); // drops a UTF-8 BOM
  const trimmed = text.replace(/^[\ufeff\s]+/, '');
  if (trimmed.startsWith('<')) {
    return /<svg[\s>/]/i.test(trimmed) || /<!DOCTYPE\s+svg/i.test(trimmed) ? { format: 'svg' } : { format: 'text' };
  }
  // Other text (CSV, JSON, a script...): printable bytes only.
  let printable = 0;
  const n = Math.min(head.length, 512);
  for (let i = 0; i < n; i++) {
    const c = head[i]!;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127)) printable++;
  }
  return n > 0 && printable === n ? { format: 'text' } : undefined;
}

/** Synchronous magic-byte sniff. Never throws; never looks at a file name. */
export function sniffFormat(bytes: Uint8Array): SniffResult {
  const b = bytes;
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { format: 'jpeg' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return isApng(b) ? { format: 'png', animated: true } : { format: 'png' };
  }
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { format: 'webp' };
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return { format: 'gif' };
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])
    || startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) {
    return isTiffCameraRaw(b) ? { format: 'camera-raw' } : { format: 'tiff' };
  }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return sniffFtyp(b);
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) {
    return { format: 'jxl' };
  }
  if (startsWith(b, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]) || startsWith(b, [0xff, 0x4f, 0xff, 0x51])) {
    return { format: 'jp2' };
  }
  if (ascii(b, 0, 4) === '8BPS') return { format: 'psd' };
  if (ascii(b, 0, 5) === '%PDF-') return { format: 'pdf' };
  if (startsWith(b, [0x76, 0x2f, 0x31, 0x01])) return { format: 'exr' };
  if (['IIRO', 'IIRS', 'IIU\0', 'FUJIFILMCCD-RAW'].some((m) => ascii(b, 0, m.length) === m)) return { format: 'camera-raw' };
  if (ascii(b, 0, 2) === 'BM' && b.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes(b[14]! | (b[15]! << 8))) {
    return { format: 'bmp' };
  }
  if (startsWith(b, [0, 0, 1, 0]) && b.length >= 6 && (b[4]! | (b[5]! << 8)) > 0 && b.length >= 22) return { format: 'ico' };
  return sniffText(b) ?? { format: 'unknown' };
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Judges bytes by content. Resolves with one of the accepted formats, or rejects with an
 * ImageRejectedError: 'empty', 'heic', 'svg', 'not-an-image', 'unsupported-format' or 'animated'.
 * Does not apply the size or pixel policy (processImage does).
 */
export async function detectFormat(bytes: Uint8Array): Promise<AcceptedFormat> {
  if (bytes.byteLength === 0) throw new ImageRejectedError('empty');
  const sniff = sniffFormat(bytes);
  switch (sniff.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'avif':
    case 'tiff':
      if (sniff.animated) throw new ImageRejectedError('animated', { format: sniff.format });
      return sniff.format;
    case 'heic':
      throw new ImageRejectedError('heic', sniff.brand ? { brand: sniff.brand } : undefined);
    case 'svg':
      throw new ImageRejectedError('svg');
    case 'gif': {
      let pages = 1;
      try {
        pages = (await sharp(toBuffer(bytes), { limitInputPixels: false }).metadata()).pages ?? 1;
      } catch {
        // An unreadable GIF is still a GIF, which we do not take either way.
      }
      if (pages > 1) throw new ImageRejectedError('animated', { format: 'gif', pages });
      throw new ImageRejectedError('unsupported-format', { format: 'gif' });
    }
    case 'text':
    case 'unknown':
      throw new ImageRejectedError('not-an-image', { detected: sniff.brand ? `ftyp:${sniff.brand}` : sniff.format });
    default:
      throw new ImageRejectedError('unsupported-format', { format: sniff.format });
  }
}

// ---------------------------------------------------------------------------------------------
// Processing

function rejectCorrupt(format: string, cause: unknown): ImageRejectedError {
  return new ImageRejectedError('corrupt', { format }, { cause });
}

/** Widths of the web derivatives for a master this wide: never upscaled, at least one. */
export function derivativeWidths(masterWidth: number): number[] {
  const widths = WEB_WIDTHS.filter((w) => w <= masterWidth);
  return widths.length > 0 ? widths : [masterWidth];
}

/**
 * Judges and processes an uploaded image. Every refusal is an ImageRejectedError; bad input
 * never produces any other error.
 */
export async function processImage(bytes: Uint8Array, policy?: Partial<ImagePolicy>): Promise<ProcessedImage> {
  const p: ImagePolicy = { ...DEFAULT_POLICY, ...policy };
  if (bytes.byteLength === 0) throw new ImageRejectedError('empty');
  if (bytes.byteLength > p.maxBytes) {
    throw new ImageRejectedError('too-large-file', { bytes: bytes.byteLength, maxBytes: p.maxBytes });
  }
  const format = await detectFormat(bytes);
  const input = toBuffer(bytes);

  // Header only: no pixel data is decoded here, so the pixel limit is checked before any decoding.
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw rejectCorrupt(format, err);
  }
  if (!(meta.width > 0 && meta.height > 0)) throw rejectCorrupt(format, new Error('no dimensions'));
  if (format === 'avif' && meta.compression === 'hevc') throw new ImageRejectedError('heic', { brand: 'avif-hevc' });

  // For an animation sharp reports one frame's size; we refuse animations anyway.
  if (meta.width * meta.height > p.maxPixels) {
    throw new ImageRejectedError('too-many-pixels', { width: meta.width, height: meta.height, maxPixels: p.maxPixels });
  }

  const pages = meta.pages ?? 1;
  // A still AVIF/HEIF may expose several top-level items (e.g. the tiles of a grid image next to
  // the grid itself): libheif then decodes the primary item, which is the picture. Animated AVIF
  // (an 'avis' sequence) was refused by the sniff already. Everything else with several pages
  // (animated WebP, multi-page TIFF) is refused as 'animated'.
  if (pages > 1 && !(format === 'avif' && meta.pagePrimary !== undefined)) {
    throw new ImageRejectedError('animated', { format, pages });
  }

  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (Math.min(width, height) < p.minShortSide) {
    throw new ImageRejectedError('too-small', { width, height, minShortSide: p.minShortSide });
  }

  try {
    return await render(input, format, meta, width, p);
  } catch (err) {
    if (err instanceof ImageRejectedError) throw err;
    throw rejectCorrupt(format, err);
  }
}

/**
 * Decodes at most twice, both from one cloned pipeline, in parallel:
 *  - the master: a full-size streaming decode (this is also the integrity check: failOn 'error');
 *  - one 8-bit sRGB raw at the largest derivative width (JPEG/WebP shrink-on-load makes it cheap),
 *    from which every derivative and the placeholder is resized in memory.
 * Memory stays small (no full-size raw buffer even for 100 MP input).
 */
async function render(input: Buffer, format: AcceptedFormat, meta: Metadata, orientedWidth: number, p: ImagePolicy): Promise<ProcessedImage> {
  const options: SharpOptions = { failOn: 'error', limitInputPixels: p.maxPixels };
  const base: Sharp = sharp(input, options)
    .rotate() // upright from EXIF orientation; also drops the tag
    .flatten({ background: WHITE }); // only acts when there is alpha
  // sharp 0.35 processes 16-bit RGB in P3 and, with withIccProfile('srgb'), would treat untagged
  // 16-bit pixels as P3 (visibly shifting colours). Bringing 16-bit input to 8-bit sRGB first
  // keeps its appearance; an embedded profile is still honoured afterwards.
  if (meta.space === 'rgb16' || meta.space === 'grey16') base.pipelineColourspace('srgb');
  // sRGB (3 bands, 8-bit: also for greyscale and 1-bit fax) with an sRGB ICC profile. No
  // withMetadata/keepExif/keepXmp: sharp writes no EXIF, XMP or IPTC by default.
  base.toColourspace('srgb').withIccProfile('srgb');

  const widths = derivativeWidths(orientedWidth);
  const largest = widths[widths.length - 1];

  const masterJob = base.clone().jpeg(OUTPUT.master).toBuffer({ resolveWithObject: true });
  const webJob = (async () => {
    const large = await base
      .clone()
      .resize({ width: largest, withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const rawInput: SharpOptions = {
      raw: { width: large.info.width, height: large.info.height, channels: large.info.channels as 3 },
    };
    const from = (w: number): Sharp => {
      const s = sharp(large.data, rawInput);
      return w < large.info.width ? s.resize({ width: w }) : s;
    };
    const encodes: Promise<Derivative>[] = [];
    // Largest first: the 1600 px AVIF is the longest job; start it first.
    for (const w of [...widths].reverse()) {
      encodes.push(
        from(w).withIccProfile('srgb').avif(OUTPUT.avif).toBuffer({ resolveWithObject: true })
          .then(({ data, info }) => ({ format: 'avif' as const, width: info.width, height: info.height, data })),
        from(w).withIccProfile('srgb').webp(OUTPUT.webp).toBuffer({ resolveWithObject: true })
          .then(({ data, info }) => ({ format: 'webp' as const, width: info.width, height: info.height, data })),
      );
    }
    const placeholderJob = from(Math.min(OUTPUT.placeholder.width, large.info.width))
      .blur(OUTPUT.placeholder.blurSigma)
      .webp({ quality: OUTPUT.placeholder.quality })
      .toBuffer();
    const [derivatives, placeholder] = await Promise.all([Promise.all(encodes), placeholderJob]);
    derivatives.sort((a, b) => a.width - b.width || (a.format === b.format ? 0 : a.format === 'avif' ? -1 : 1));
    return { derivatives, placeholder: `data:image/webp;base64,${placeholder.toString('base64')}` };
  })();

  const [master, web] = await Promise.all([masterJob, webJob]);
  return {
    format,
    width: master.info.width,
    height: master.info.height,
    master: master.data,
    derivatives: web.derivatives,
    placeholder: web.placeholder,
  };
}
