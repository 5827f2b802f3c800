import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { Color, Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  derivativeWidths,
  detectFormat,
  ImageRejectedError,
  imageQueue,
  judgeUpload,
  processImage,
  sniffFormat,
  WEB_WIDTHS,
  type ImageErrorCode,
  type ProcessedImage,
} from '#src/artworks/images.ts';
import { DEFAULT_POLICY, type ImagePolicy } from '#src/artworks/image-policy.ts';
import { effectiveDpi } from '#src/artworks/print-size.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

type Outcome = { ok: true; value: ProcessedImage } | { ok: false; error: unknown };

async function settle(p: Promise<ProcessedImage>): Promise<Outcome> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Runs processImage and returns the refusal, failing the test if there is none or it is of another type. */
async function rejection(bytes: Uint8Array, policy?: Partial<ImagePolicy>): Promise<ImageRejectedError> {
  const outcome = await settle(processImage(bytes, policy));
  if (outcome.ok) throw new Error(`expected a refusal, got a ${outcome.value.width}x${outcome.value.height} image`);
  expect(outcome.error).toBeInstanceOf(ImageRejectedError);
  return outcome.error as ImageRejectedError;
}

async function codeOf(bytes: Uint8Array, policy?: Partial<ImagePolicy>): Promise<ImageErrorCode> {
  return (await rejection(bytes, policy)).code;
}

/** One pixel of an encoded image, as 8-bit sRGB. */
async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

function near(actual: number[], expected: number[], tolerance: number): void {
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!), `channel ${i}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
  }
}

/** True when raw EXIF holds a GPS IFD pointer (tag 0x8825), in either byte order. */
function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x88, 0x25, 0x00, 0x04])) || exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00]));
}

/** Everything every processed image must satisfy. */
async function expectWellFormed(result: ProcessedImage): Promise<void> {
  const m = await sharp(result.master).metadata();
  expect(m.format).toBe('jpeg');
  expect([m.width, m.height]).toEqual([result.width, result.height]);
  expect(m.space).toBe('srgb');
  expect(m.depth).toBe('uchar');
  expect(m.channels).toBe(3);
  expect(m.chromaSubsampling).toBe('4:4:4');
  expect(m.icc).toBeDefined();
  expect(m.exif).toBeUndefined();
  expect(m.xmp).toBeUndefined();
  expect(m.iptc).toBeUndefined();
  expect(m.orientation).toBeUndefined();
  expect(m.gainMap).toBeUndefined();

  const widths = derivativeWidths(result.width);
  expect(result.derivatives.map((d) => `${d.format}@${d.width}`).sort()).toEqual(
    widths.flatMap((w) => [`avif@${w}`, `webp@${w}`]).sort(),
  );
  for (const d of result.derivatives) {
    expect(d.width).toBeLessThanOrEqual(result.width);
    expect(Math.abs(d.height - (d.width * result.height) / result.width)).toBeLessThanOrEqual(1);
    const dm = await sharp(d.data).metadata();
    expect(dm.format).toBe(d.format === 'avif' ? 'heif' : 'webp');
    if (d.format === 'avif') expect(dm.compression).toBe('av1');
    expect([dm.width, dm.height]).toEqual([d.width, d.height]);
    expect(dm.exif).toBeUndefined();
    expect(dm.xmp).toBeUndefined();
    expect(dm.icc).toBeDefined();
  }

  expect(result.placeholder).toMatch(/^data:image\/webp;base64,[A-Za-z0-9+/]+=*$/);
  const ph = await sharp(Buffer.from(result.placeholder.split(',')[1]!, 'base64')).metadata();
  expect(ph.format).toBe('webp');
  if (result.width >= 16) {
    expect(ph.width).toBeGreaterThanOrEqual(16);
    expect(ph.width).toBeLessThanOrEqual(24);
  }
}

/** A PNG whose IHDR declares any size, with valid CRCs, a token IDAT and IEND. */
function craftedPng(width: number, height: number, extraChunks: Buffer[] = []): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extraChunks.map((c) => chunk(c.subarray(0, 4).toString('latin1'), c.subarray(4))),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ISO-BMFF 'ftyp' box followed by a little junk. */
function ftyp(major: string, ...compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return Buffer.concat([box, Buffer.alloc(64, 0x11)]);
}

const flat = (width: number, height: number, background: Color = { r: 30, g: 120, b: 200 }) =>
  sharp({ create: { width, height, channels: 3, background } });

// ---------------------------------------------------------------------------------------------
// Without fixtures: images made here

describe('processImage: generated images', () => {
  it('turns an EXIF orientation 6 photo upright and strips EXIF (GPS), XMP', async () => {
    // 1200x900 stored, a blue marker at the stored top-left corner. Note: in sharp 0.35 an
    // IFD0 Orientation given to withExif() is ignored; withMetadata({ orientation }) sets it.
    const input = await flat(1200, 900, { r: 200, g: 30, b: 30 })
      .composite([{ input: { create: { width: 100, height: 100, channels: 3, background: { r: 0, g: 0, b: 255 } } }, left: 0, top: 0 }])
      .withExif({
        IFD0: { Make: 'TestCam', Model: 'Leaky 1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 5/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '14/1 25/1 0/1' },
      })
      .withMetadata({ orientation: 6 })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
      .jpeg({ quality: 90 })
      .toBuffer();
    const before = await sharp(input).metadata();
    expect(before.orientation).toBe(6);
    expect(exifHasGps(before.exif)).toBe(true);
    expect(before.xmp).toBeDefined();

    const result = await processImage(input);
    expect(result.format).toBe('jpeg');
    expect([result.width, result.height]).toEqual([900, 1200]);
    await expectWellFormed(result);
    // Orientation 6 = rotate 90° clockwise: the stored top-left lands at the top-right.
    near(await pixel(result.master, 900 - 50, 50), [0, 0, 255], 12);
    near(await pixel(result.master, 50, 50), [200, 30, 30], 12);
    // 900 px wide: only the 480 px derivatives (never upscaled to 960/1600).
    expect(result.derivatives.map((d) => d.width)).toEqual([480, 480]);
    const text = result.master.toString('latin1');
    expect(text).not.toContain('TestCam');
    expect(text).not.toContain('Leaky');
  });

  it('accepts each allowed format and reports it', async () => {
    const makers: Record<string, (s: Sharp) => Sharp> = {
      jpeg: (s) => s.jpeg(),
      png: (s) => s.png(),
      webp: (s) => s.webp(),
      avif: (s) => s.avif({ effort: 0 }),
      tiff: (s) => s.tiff(),
    };
    for (const [format, make] of Object.entries(makers)) {
      const bytes = await make(flat(1000, 820)).toBuffer();
      expect(await detectFormat(bytes)).toBe(format);
      const result = await processImage(bytes);
      expect(result.format).toBe(format);
      expect([result.width, result.height]).toEqual([1000, 820]);
      await expectWellFormed(result);
    }
  }, 30_000);

  it('makes AVIF and WebP at every web width that fits, and one pair for narrow images', async () => {
    expect(WEB_WIDTHS).toEqual([480, 960, 1600]);
    expect(derivativeWidths(4000)).toEqual([480, 960, 1600]);
    expect(derivativeWidths(1600)).toEqual([480, 960, 1600]);
    expect(derivativeWidths(1599)).toEqual([480, 960]);
    expect(derivativeWidths(480)).toEqual([480]);
    expect(derivativeWidths(300)).toEqual([300]);

    const wide = await processImage(await flat(2000, 900).jpeg().toBuffer());
    expect(wide.derivatives.map((d) => `${d.format}${d.width}x${d.height}`)).toEqual([
      'avif480x216', 'webp480x216', 'avif960x432', 'webp960x432', 'avif1600x720', 'webp1600x720',
    ]);
    await expectWellFormed(wide);

    const narrow = await processImage(await flat(300, 200).png().toBuffer(), { minShortSide: 100 });
    expect(narrow.derivatives.map((d) => `${d.format}${d.width}x${d.height}`)).toEqual(['avif300x200', 'webp300x200']);
    await expectWellFormed(narrow);
  }, 30_000);

  it('flattens transparency onto white for the master', async () => {
    const input = await sharp({ create: { width: 1000, height: 800, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 200, height: 200, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }, left: 400, top: 300 }])
      .png()
      .toBuffer();
    const result = await processImage(input);
    await expectWellFormed(result);
    near(await pixel(result.master, 10, 10), [255, 255, 255], 2);
    near(await pixel(result.master, 500, 400), [255, 0, 0], 8);
    const webp = result.derivatives.find((d) => d.format === 'webp')!;
    expect((await sharp(webp.data).metadata()).hasAlpha).toBe(false);
  });

  it('keeps the colours of 16-bit PNGs, tagged or not, and of CMYK JPEGs, as 8-bit sRGB', async () => {
    const colour = { r: 30, g: 200, b: 90 };
    // Untagged 16-bit: sharp 0.35 would treat it as P3 under withIccProfile('srgb') (green 200 -> ~190).
    const untagged16 = await flat(900, 800, colour).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(untagged16).metadata()).depth).toBe('ushort');
    const a = await processImage(untagged16);
    await expectWellFormed(a);
    near(await pixel(a.master, 450, 400), [30, 200, 90], 3);

    // Tagged Display P3 16-bit: converted through its profile back to (nearly) the same sRGB.
    const p316 = await flat(900, 800, colour).toColourspace('rgb16').withIccProfile('p3').png().toBuffer();
    const b = await processImage(p316);
    near(await pixel(b.master, 450, 400), [30, 200, 90], 4);

    const cmyk = await flat(900, 800, colour).withIccProfile('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const c = await processImage(cmyk);
    await expectWellFormed(c);
    const expected = await pixel(await sharp(cmyk).withIccProfile('srgb').png().toBuffer(), 450, 400);
    near(await pixel(c.master, 450, 400), expected, 3);
  }, 20_000);

  it('refuses a truncated JPEG as corrupt', async () => {
    const whole = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg({ quality: 90 })
      .toBuffer();
    expect(await codeOf(whole.subarray(0, Math.floor(whole.length / 2)))).toBe('corrupt');
  });

  it('refuses a PNG declaring 60000x60000 from its header, without decoding', async () => {
    const bomb = craftedPng(60_000, 60_000);
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(60_000);
    const err = await rejection(bomb);
    // If it had been decoded, the token IDAT would have made it 'corrupt' instead.
    expect(err.code).toBe('too-many-pixels');
    expect(err.detail).toEqual({ width: 60_000, height: 60_000, maxPixels: DEFAULT_POLICY.maxPixels });
    // The limit follows the policy.
    expect(await codeOf(await flat(1000, 1000).png().toBuffer(), { maxPixels: 999_999 })).toBe('too-many-pixels');
  });

  it('refuses too-small images with numbers for the message', async () => {
    const err = await rejection(await flat(1000, 799).jpeg().toBuffer());
    expect(err.code).toBe('too-small');
    expect(err.detail).toEqual({ width: 1000, height: 799, minShortSide: 800 });
    // The oriented short side counts: 1000x900 stored, orientation 6 -> 900x1000.
    const sideways = await flat(1000, 900).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await rejection(sideways, { minShortSide: 950 })).detail).toEqual({ width: 900, height: 1000, minShortSide: 950 });
  });

  it('refuses empty and over-large files before looking at them', async () => {
    expect(await codeOf(new Uint8Array(0))).toBe('empty');
    const err = await rejection(Buffer.from('not even looked at'), { maxBytes: 10 });
    expect(err.code).toBe('too-large-file');
    expect(err.detail).toEqual({ bytes: 18, maxBytes: 10 });
  });

  it('judges by content, not by name: text, HTML and SVG', async () => {
    // What a browser would send for "notes.jpg" holding text: only the bytes reach us.
    expect(await codeOf(Buffer.from('Just some notes, saved as notes.jpg\n'))).toBe('not-an-image');
    expect(await codeOf(Buffer.from('<!doctype html><html><script>alert(1)</script></html>'))).toBe('not-an-image');
    expect(await codeOf(Buffer.from('{"json": true}'))).toBe('not-an-image');
    const svgs = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="2000"/>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      '\ufeff  \n<?xml version="1.0"?><!-- made by hand --><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg><script>alert(1)</script></svg>',
      '<SVG></SVG>',
    ];
    for (const svg of svgs) expect(await codeOf(Buffer.from(svg))).toBe('svg');
    expect(await codeOf(Buffer.from('\ufeff<svg xmlns="http://www.w3.org/2000/svg"/>', 'utf16le'))).toBe('svg');
    expect(await codeOf(Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xed, 0xfa, 0xce, 0x10, 0x20]))).toBe('not-an-image');
  });

  it('refuses animations and formats we do not take', async () => {
    const frame = (background: string) => flat(900, 850, background).png().toBuffer();
    const frames = [await frame('red'), await frame('blue')];
    const animatedWebp = await sharp(frames, { join: { animated: true } }).webp().toBuffer();
    expect(await rejection(animatedWebp)).toMatchObject({ code: 'animated', detail: { format: 'webp', pages: 2 } });
    const animatedGif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    expect(await rejection(animatedGif)).toMatchObject({ code: 'animated', detail: { format: 'gif', pages: 2 } });
    const stillGif = await flat(900, 850).gif().toBuffer();
    expect(await rejection(stillGif)).toMatchObject({ code: 'unsupported-format', detail: { format: 'gif' } });

    // APNG: an acTL chunk before the image data.
    const actl = Buffer.concat([Buffer.from('acTL'), Buffer.from([0, 0, 0, 2, 0, 0, 0, 0])]);
    expect(sniffFormat(craftedPng(1000, 1000, [actl]))).toEqual({ format: 'png', animated: true });
    expect(await codeOf(craftedPng(1000, 1000, [actl]))).toBe('animated');

    // ISO-BMFF brands.
    expect(await codeOf(ftyp('heic', 'mif1', 'heic'))).toBe('heic');
    expect(await codeOf(ftyp('mif1', 'mif1', 'heix'))).toBe('heic');
    expect(await codeOf(ftyp('avis', 'avif', 'avis', 'msf1'))).toBe('animated');
    expect(sniffFormat(ftyp('mif1', 'mif1', 'avif')).format).toBe('avif'); // mif1 alone is not HEIC
    expect(await codeOf(ftyp('isom', 'isom', 'mp41'))).toBe('not-an-image'); // a video

    const others: Array<[string, Buffer]> = [
      ['pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1')],
      ['psd', Buffer.concat([Buffer.from('8BPS'), Buffer.alloc(40)])],
      ['bmp', await bmp()],
      ['jxl', Buffer.from([0xff, 0x0a, 0xfa, 0x7f, 0x01, 0x90, 0x08, 0x00])],
    ];
    for (const [format, bytes] of others) {
      expect(await rejection(bytes)).toMatchObject({ code: 'unsupported-format', detail: { format } });
    }
  });

  it('never throws anything but ImageRejectedError for broken headers', async () => {
    const broken = [
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from([0xff, 0xd8, 0xff]),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
      Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(8)]),
      Buffer.from([0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f]),
      Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00]),
      ftyp('avif', 'avif', 'mif1'),
      craftedPng(0, 0),
    ];
    for (const bytes of broken) {
      const err = await rejection(bytes);
      expect(['corrupt', 'not-an-image']).toContain(err.code);
    }
  });
});

/** A small but real BMP (sharp cannot write BMP). */
async function bmp(): Promise<Buffer> {
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + 4 * 4, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  return Buffer.concat([header, Buffer.alloc(16, 0x80)]);
}

describe('ImageRejectedError', () => {
  it('is an Error with a code and optional detail', () => {
    const err = new ImageRejectedError('too-small', { width: 1, height: 2, minShortSide: 800 });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ImageRejectedError');
    expect(err.code).toBe('too-small');
    expect(err.detail).toEqual({ width: 1, height: 2, minShortSide: 800 });
    expect(new ImageRejectedError('empty').detail).toBeUndefined();
  });
});

describe('effectiveDpi', () => {
  it('uses the side that touches the box when fitted whole', () => {
    // 3000x2000 into A4 landscape (297x210 mm): width-limited, 3000 px over 297 mm.
    expect(effectiveDpi(3000, 2000, 297, 210)).toBeCloseTo((3000 * 25.4) / 297, 6);
    // The same photo into A4 portrait: still width-limited (210 mm), so more dots per inch.
    expect(effectiveDpi(3000, 2000, 210, 297)).toBeCloseTo((3000 * 25.4) / 210, 6);
    // A tall image into a landscape box: height-limited.
    expect(effectiveDpi(1000, 3000, 297, 210)).toBeCloseTo((3000 * 25.4) / 210, 6);
    // Exactly 300 dpi on a 100x100 mm square.
    expect(effectiveDpi(1181.1023622, 1181.1023622, 100, 100)).toBeCloseTo(300, 6);
  });

  it('refuses nonsense sizes', () => {
    expect(() => effectiveDpi(0, 100, 100, 100)).toThrow(RangeError);
    expect(() => effectiveDpi(100, 100, 100, Number.NaN)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// The real-world corpus

const FIXTURES = [process.env.IMAGE_FIXTURES_DIR, join(import.meta.dirname, '../../../shared/fixtures/images'), '/work/shared/fixtures/images'].find((d) => d && existsSync(d)) ?? '/work/shared/fixtures/images';
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) {
  console.warn(`[images.test] fixture corpus not found at ${FIXTURES}: the real-file tests are skipped (set IMAGE_FIXTURES_DIR).`);
}

type Expected =
  | { accept: { format: ProcessedImage['format']; width: number; height: number } }
  | { code: ImageErrorCode; detail?: Record<string, string | number> };

const small = (width: number, height: number): Expected => ({ code: 'too-small', detail: { width, height, minShortSide: 800 } });

/** The outcome of every file in the corpus under the default policy, checked against the real files. */
const EXPECTED: Record<string, Expected> = {
  // 900x600: valid 16-bit PNG, but below 800 px on the short side (processed with a lower minimum below).
  '16bit.png': small(900, 600),
  'animated.gif': { code: 'animated', detail: { format: 'gif', pages: 10 } },
  'animated.webp': { code: 'animated', detail: { format: 'webp', pages: 10 } },
  // 97 frames of 13x169: the animation rule comes before the size rule.
  'big-height.webp': { code: 'animated', detail: { format: 'webp', pages: 97 } },
  'camera-corrupted-data.jpg': { code: 'corrupt' },
  'camera-gps-exif-1.jpg': small(640, 480),
  'camera-gps-exif-2.jpg': small(640, 480),
  'camera-tiny-exif-thumbnail.jpg': small(100, 68),
  // 500x333 CMYK.
  'cmyk.jpg': small(500, 333),
  'corrupt-header.jpg': { code: 'corrupt' },
  'empty.jpg': { code: 'empty' },
  // Stored 450x600 (portrait-6: 600x450) and turned by EXIF: short side 450 either way.
  'exif-orientation-5.jpg': small(600, 450),
  'exif-orientation-6.jpg': small(600, 450),
  'exif-orientation-portrait-6.jpg': small(450, 600),
  'fax-bilevel.tif': { accept: { format: 'tiff', width: 2464, height: 3248 } },
  'gain-map-3840x2160.jpg': { accept: { format: 'jpeg', width: 3840, height: 2160 } },
  // 20000x14000 = 280 MP.
  'giant-dimensions.jpg': { code: 'too-many-pixels', detail: { width: 20000, height: 14000, maxPixels: 100_000_000 } },
  'html-renamed.jpg': { code: 'not-an-image' },
  // 636x227: decodes despite its invalid markers (checked with a lower minimum below).
  'jpeg-invalid-markers.jpg': small(636, 227),
  'phone-photo-iphone-hdr.jpg': { accept: { format: 'jpeg', width: 3264, height: 2448 } },
  'phone-photo-iphone.heic': { code: 'heic' },
  'phone-photo-jolla.jpg': { accept: { format: 'jpeg', width: 3264, height: 2448 } },
  'phone-photo-nokia.jpg': { accept: { format: 'jpeg', width: 4608, height: 1976 } },
  'photo-2725px.jpg': { accept: { format: 'jpeg', width: 2725, height: 2225 } },
  'pixel-bomb-65536x65536.png': { code: 'too-many-pixels', detail: { width: 65536, height: 65536, maxPixels: 100_000_000 } },
  'rgba-alpha.png': small(256, 192),
  // Accepted, not 'animated': the facts differ from "an AVIF with 5 images". Its brand is 'avif'
  // (a still image, not an 'avis' sequence); the 5 items are one 4096x800 grid picture (the
  // primary item, page 4) plus its four 1024x800 tiles, exposed as top-level images. The tiles
  // are pixel-identical to the quarters of the primary, which sharp decodes by default. Refusing
  // it as 'animated' would tell the entrant something false, and phones write large stills as
  // grids. Its short side is exactly 800, the minimum.
  'still.avif': { accept: { format: 'avif', width: 4096, height: 800 } },
  'truncated.jpg': { code: 'corrupt' },
  // 294x240: the size rule (header only) comes before decoding, so this truncated file is refused
  // as too small; with a lower minimum it is refused as corrupt (below).
  'truncated.png': small(294, 240),
  'vector.svg': { code: 'svg' },
};

describe.skipIf(!haveFixtures)('processImage: real-world fixtures', () => {
  const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
  const cache = new Map<string, Promise<Outcome>>();
  /** Each (file, policy) is processed once per run and shared between tests. */
  const run = (name: string, policy?: Partial<ImagePolicy>): Promise<Outcome> => {
    const key = `${name} ${JSON.stringify(policy ?? {})}`;
    if (!cache.has(key)) cache.set(key, settle(processImage(fixture(name), policy)));
    return cache.get(key)!;
  };

  it('has an expected outcome for every file in the folder', () => {
    const files = readdirSync(FIXTURES).filter((f) => f !== 'README.md').sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    const label = 'accept' in expected ? `accepts ${name}` : `refuses ${name} as ${expected.code}`;
    it(label, async () => {
      const outcome = await run(name);
      if ('accept' in expected) {
        if (!outcome.ok) throw outcome.error;
        expect(outcome.value).toMatchObject(expected.accept);
        await expectWellFormed(outcome.value);
      } else {
        if (outcome.ok) throw new Error(`${name} was accepted`);
        expect(outcome.error).toBeInstanceOf(ImageRejectedError);
        const err = outcome.error as ImageRejectedError;
        expect(err.code).toBe(expected.code);
        if (expected.detail) expect(err.detail).toEqual(expected.detail);
      }
    }, 30_000);
  }

  it('strips EXIF (with GPS) from the iPhone photo but keeps an ICC profile', async () => {
    expect(exifHasGps((await sharp(fixture('phone-photo-iphone-hdr.jpg')).metadata()).exif)).toBe(true);
    const outcome = await run('phone-photo-iphone-hdr.jpg');
    if (!outcome.ok) throw outcome.error;
    for (const image of [outcome.value.master, ...outcome.value.derivatives.map((d) => d.data)]) {
      const m = await sharp(image).metadata();
      expect(m.exif).toBeUndefined();
      expect(m.icc).toBeDefined();
    }
  }, 30_000);

  it('makes the 1-bit fax TIFF an ordinary 8-bit sRGB image', async () => {
    expect((await sharp(fixture('fax-bilevel.tif')).metadata()).bitsPerSample).toBe(1);
    const outcome = await run('fax-bilevel.tif');
    if (!outcome.ok) throw outcome.error;
    const m = await sharp(outcome.value.master).metadata();
    expect([m.space, m.depth, m.channels]).toEqual(['srgb', 'uchar', 3]);
  }, 30_000);

  describe('with minShortSide 100', () => {
    const low = { minShortSide: 100 };

    for (const name of ['cmyk.jpg', '16bit.png']) {
      it(`processes ${name} to 8-bit sRGB with an ICC profile and no EXIF`, async () => {
        const before = await sharp(fixture(name)).metadata();
        expect(name === 'cmyk.jpg' ? before.space : before.depth).toBe(name === 'cmyk.jpg' ? 'cmyk' : 'ushort');
        const outcome = await run(name, low);
        if (!outcome.ok) throw outcome.error;
        await expectWellFormed(outcome.value);
        const m = await sharp(outcome.value.master).metadata();
        expect(m.space).toBe('srgb');
        expect(m.depth).toBe('uchar');
        expect(m.icc).toBeDefined();
        expect(m.exif).toBeUndefined();
      });
    }

    it('turns the EXIF-oriented photos upright (width and height swapped)', async () => {
      for (const name of ['exif-orientation-6.jpg', 'exif-orientation-5.jpg', 'exif-orientation-portrait-6.jpg']) {
        const stored = await sharp(fixture(name)).metadata();
        const outcome = await run(name, low);
        if (!outcome.ok) throw outcome.error;
        expect([outcome.value.width, outcome.value.height]).toEqual([stored.height, stored.width]);
        await expectWellFormed(outcome.value);
      }
    });

    it('strips GPS EXIF from the camera photos', async () => {
      for (const name of ['camera-gps-exif-1.jpg', 'camera-gps-exif-2.jpg']) {
        expect(exifHasGps((await sharp(fixture(name)).metadata()).exif)).toBe(true);
        const outcome = await run(name, low);
        if (!outcome.ok) throw outcome.error;
        await expectWellFormed(outcome.value);
      }
    });

    it('flattens rgba-alpha.png onto white', async () => {
      // The file is one semi-transparent colour (alpha 168 of 255): the master is that colour over white.
      const { data } = await sharp(fixture('rgba-alpha.png')).raw().toBuffer({ resolveWithObject: true });
      const [r, g, b, a] = [...data.subarray(0, 4)] as [number, number, number, number];
      expect(a).toBeGreaterThan(0);
      expect(a).toBeLessThan(255);
      const overWhite = [r, g, b].map((c) => (c * a) / 255 + 255 * (1 - a / 255));
      const outcome = await run('rgba-alpha.png', low);
      if (!outcome.ok) throw outcome.error;
      await expectWellFormed(outcome.value);
      near(await pixel(outcome.value.master, 0, 0), overWhite, 3);
      near(await pixel(outcome.value.master, 128, 96), overWhite, 3);
    });

    it('accepts jpeg-invalid-markers.jpg, which decodes', async () => {
      const outcome = await run('jpeg-invalid-markers.jpg', low);
      if (!outcome.ok) throw outcome.error;
      expect([outcome.value.width, outcome.value.height]).toEqual([636, 227]);
    });

    it('refuses truncated.png as corrupt once its size passes', async () => {
      const outcome = await run('truncated.png', low);
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? undefined : (outcome.error as ImageRejectedError).code).toBe('corrupt');
    });

    it('still refuses the tiny thumbnail camera JPEG (100x68)', async () => {
      const outcome = await run('camera-tiny-exif-thumbnail.jpg', low);
      expect(outcome.ok ? undefined : (outcome.error as ImageRejectedError).code).toBe('too-small');
    });
  });
});

describe('judging an upload that is not an entry page (a signed form, an original\'s scan)', () => {
  it('answers with the reason a form shows, "busy" when too many pictures wait, and never throws for either', async () => {
    expect(await judgeUpload(new Blob([]))).toEqual({ ok: false, reason: 'image.empty' });
    expect(await judgeUpload(new Blob(['<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>']))).toMatchObject({ ok: false, reason: 'image.svg' });
    const picture = await flat(1200, 1600).png().toBuffer();
    // Every place in the queue taken (two at work, forty waiting): the next upload is told to come back.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held = Array.from({ length: imageQueue.concurrency + imageQueue.maxWaiting }, () => imageQueue.run(() => gate));
    expect(await judgeUpload(new Blob([picture]))).toEqual({ ok: false, reason: 'busy' });
    release();
    await Promise.all(held);
    const judged = await judgeUpload(new Blob([picture]));
    expect(judged.ok && [judged.image.width, judged.image.height]).toEqual([1200, 1600]);
  });
});
