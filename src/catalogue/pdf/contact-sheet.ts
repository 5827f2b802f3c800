/**
 * The contact sheet: every page of a print product small on one PNG, numbered, for a quick look
 * before a file goes to the print shop. MuPDF's `mutool draw` renders the pages Chromium wrote while
 * pdf-lib post-processes them; it decodes each picture only at the size it is drawn (a print-size
 * JPEG at an eighth of its pixels), so 384 pages take about a third of the time poppler's pdftoppm,
 * which decodes every picture whole, needs; pdftoppm is the fallback when MuPDF is not installed.
 * The blank pages that padding adds before the back cover are drawn as blank tiles. With neither
 * tool there is no contact sheet, and the command says so.
 *
 * Plain, erasable TypeScript only: the print command runs this file as is.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import sharp from 'sharp';

/** Where the contact sheet of a PDF goes: beside it, `<name>-contact-sheet.png`. */
export function contactSheetPath(pdfPath: string): string {
  return join(dirname(pdfPath), `${basename(pdfPath, extname(pdfPath))}-contact-sheet.png`);
}

const TILE = 150;
const GAP = 14;
const LABEL = 16;
const MAX_COLUMNS = 12;

/** Runs a command to its end; rejects with its error output when it fails (poppler here, Ghostscript in render.ts). */
export function runTool(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(err.trim() || `${cmd} exited with ${code}`))));
  });
}

/** A binary PPM (P6, 8 bits), as both renderers write it: its size and RGB pixels. */
export function readPpm(bytes: Buffer): { width: number; height: number; rgb: Buffer } {
  // Header: "P6", width, height, maxval, each after whitespace (or a comment line), then one whitespace byte.
  const fields: number[] = [];
  let at = 2;
  if (bytes.toString('latin1', 0, 2) !== 'P6') throw new Error('not a binary PPM');
  while (fields.length < 3) {
    const c = bytes[at]!;
    if (c === 0x23) while (bytes[at] !== 0x0a) at++;
    else if (c >= 0x30 && c <= 0x39) {
      let n = 0;
      while (bytes[at]! >= 0x30 && bytes[at]! <= 0x39) n = n * 10 + bytes[at++]! - 0x30;
      fields.push(n);
      continue;
    }
    at++;
  }
  const [width, height, max] = fields as [number, number, number];
  if (max !== 255) throw new Error(`a PPM with ${max + 1} levels`);
  return { width, height, rgb: bytes.subarray(at + 1, at + 1 + width * height * 3) };
}

/**
 * Where the contact sheet's working files go: memory (`/dev/shm`) where the system has it with room
 * to spare for the PDF, its tiles and another job's (four times the PDF), else the temporary
 * directory. A 40 MB book written to disk and read back cost up to half a second.
 */
function scratchRoot(bytes: number): string {
  try {
    const free = statfsSync('/dev/shm');
    accessSync('/dev/shm', constants.W_OK);
    if (free.bavail * free.bsize >= 4 * bytes) return '/dev/shm';
  } catch {
    // no shared memory directory here
  }
  return tmpdir();
}

/** A working directory holding `pdf` as doc.pdf: in memory, or on disk when memory has no room for it after all. */
function scratchWith(pdf: Uint8Array): { dir: string; file: string } {
  const writeIn = (root: string) => {
    const dir = mkdtempSync(join(root, 'ct-contact-'));
    try {
      writeFileSync(join(dir, 'doc.pdf'), pdf);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    return { dir, file: join(dir, 'doc.pdf') };
  };
  const root = scratchRoot(pdf.length);
  if (root !== tmpdir()) {
    try {
      return writeIn(root);
    } catch {
      // filled up meanwhile: on disk
    }
  }
  return writeIn(tmpdir());
}

/**
 * Renders every page of `bytes` (a PDF of `pages` pages) small and lays the tiles out in numbered rows;
 * `padBeforeLast` blank tiles go before the last page. The tiles come as uncompressed PPM and are
 * copied into one pixel buffer, and the page numbers are drawn once as a strip per row: compositing
 * 384 PNGs and a sheet-sized overlay took longer than drawing the pages.
 */
export async function contactSheet(bytes: Uint8Array, pages: number, padBeforeLast = 0): Promise<Buffer> {
  const { dir, file: pdf } = scratchWith(bytes);
  try {
    // MuPDF's command-line tool (Debian's mupdf-tools); CONTACT_SHEET_MUTOOL names another (tests of the fallback).
    const mutool = process.env.CONTACT_SHEET_MUTOOL || 'mutool';
    // One MuPDF process: it finishes within pdf-lib's post-processing on the other core. Poppler,
    // three times slower, gets both cores: it is what the command waits for either way.
    await runTool(mutool, ['draw', '-q', '-o', join(dir, 'p-%d.ppm'), '-h', String(TILE), '-c', 'rgb', '-F', 'pnm', pdf, `1-${pages}`]).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      const half = Math.ceil(pages / 2);
      const ranges = pages > 8 ? [[1, half], [half + 1, pages]] : [[1, pages]];
      return Promise.all(ranges.map(([f, l]) => runTool('pdftoppm', ['-scale-to', String(TILE), '-f', String(f), '-l', String(l), pdf, join(dir, 'p')])));
    });
    // Both tools number the files by page (mutool as given, pdftoppm zero-padded): in page order.
    const pageOf = (f: string) => Number(/(\d+)\.ppm$/.exec(f)![1]);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ppm')).sort((a, b) => pageOf(a) - pageOf(b)).map((f) => join(dir, f));
    if (files.length !== pages) throw new Error(`${files.length} of ${pages} pages were drawn`);
    const drawn = files.map((f) => readPpm(readFileSync(f)));
    const tiles = [...drawn.slice(0, -1), ...Array.from({ length: padBeforeLast }, () => undefined), ...drawn.slice(-1)];
    // Cells are the first page's size; a page of another shape is cut to it.
    const { width: w, height: h } = drawn[0]!;
    const columns = Math.min(MAX_COLUMNS, Math.max(4, Math.ceil(Math.sqrt(tiles.length * 1.4))));
    const rows = Math.ceil(tiles.length / columns);
    const cellW = w + GAP;
    const cellH = h + LABEL + GAP;
    const width = columns * cellW + GAP;
    const height = rows * cellH + GAP;
    const sheet = Buffer.alloc(width * height * 3);
    fill(sheet, 0, sheet.length, BACKGROUND);
    // The page numbers of every row on one strip (a row's labels are strip row `r`), drawn once.
    const strip = await sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${rows * LABEL}" font-family="sans-serif" font-size="11" fill="#f1f1f1"><rect width="100%" height="100%" fill="rgb(${BACKGROUND.join(',')})"/>${tiles
          .map((_, i) => `<text x="${GAP + (i % columns) * cellW + w / 2}" y="${Math.floor(i / columns) * LABEL + 12}" text-anchor="middle">${i + 1}</text>`)
          .join('')}</svg>`,
      ),
    )
      .removeAlpha()
      .raw()
      .toBuffer();
    for (let r = 0; r < rows; r++) strip.copy(sheet, (GAP + r * cellH + h) * width * 3, r * LABEL * width * 3, (r + 1) * LABEL * width * 3);
    tiles.forEach((tile, i) => {
      const left = GAP + (i % columns) * cellW;
      const top = GAP + Math.floor(i / columns) * cellH;
      for (let y = 0; y < h; y++) {
        const at = ((top + y) * width + left) * 3;
        if (!tile) fill(sheet, at, at + w * 3, [255, 255, 255]);
        else if (y < tile.height) tile.rgb.copy(sheet, at, y * tile.width * 3, (y * tile.width + Math.min(w, tile.width)) * 3);
      }
    });
    return await sharp(sheet, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BACKGROUND = [0x5b, 0x64, 0x70] as const;

function fill(buf: Buffer, from: number, to: number, [r, g, b]: readonly [number, number, number]): void {
  for (let i = from; i < to; i += 3) {
    buf[i] = r;
    buf[i + 1] = g;
    buf[i + 2] = b;
  }
}
