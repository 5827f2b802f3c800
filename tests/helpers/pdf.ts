import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * Reading PDFs back with the tools a print shop or an accessibility checker would trust: poppler
 * (pdftotext, pdfinfo, pdftoppm), qpdf (--json, --qdf) and zbar (zbarimg). None of these share
 * code with what wrote the PDF.
 */
export const tool = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
export const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
export const pageText = (path: string, page: number, layout = false) => tool('pdftotext', [...(layout ? ['-layout'] : []), '-f', String(page), '-l', String(page), path, '-']);
export const pageCount = (path: string) => Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', [path]))![1]);

/** Every page's text, in order. */
export function pagesText(path: string): string[] {
  return tool('pdftotext', [path, '-']).split('\f').slice(0, pageCount(path));
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type PdfObject = { value?: Json; stream?: { dict: Record<string, Json> } };

/** Every object of the file, as qpdf's JSON (version 2) gives it: names as "/Name", references as "n 0 R", text strings as "u:…". */
export function qpdfObjects(path: string): Map<string, PdfObject> {
  const json = JSON.parse(tool('qpdf', ['--json=2', '--json-key=qpdf', path])) as { qpdf: [unknown, Record<string, PdfObject>] };
  return new Map(Object.entries(json.qpdf[1]).map(([k, v]) => [k.replace(/^obj:/, ''), v]));
}

export const dictOf = (o: PdfObject | undefined): Record<string, Json> => (o?.value && typeof o.value === 'object' && !Array.isArray(o.value) ? (o.value as Record<string, Json>) : (o?.stream?.dict ?? {}));
export const text = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v.replace(/^u:/, '') : undefined);

export interface StructElem {
  ref: string;
  type: string;
  alt?: string;
  lang?: string;
  parent?: string;
  /** Types of the kids that are structure elements. */
  kidTypes: string[];
}

/** The structure tree's elements, the role map and the catalog, from qpdf. */
export function structure(path: string): { elems: StructElem[]; roleMap: Record<string, string>; catalog: Record<string, Json>; objects: Map<string, PdfObject> } {
  const objects = qpdfObjects(path);
  const d = (ref: Json | undefined) => (typeof ref === 'string' ? dictOf(objects.get(ref)) : typeof ref === 'object' && ref && !Array.isArray(ref) ? (ref as Record<string, Json>) : {});
  const trailer = dictOf(objects.get('trailer'));
  const catalog = d(trailer['/Root']);
  const root = d(catalog['/StructTreeRoot']);
  const roleMap = Object.fromEntries(Object.entries(d(root['/RoleMap'])).map(([k, v]) => [k.slice(1), String(v).slice(1)]));
  const elems: StructElem[] = [];
  for (const [ref, o] of objects) {
    const v = dictOf(o);
    if (typeof v['/S'] !== 'string' || v['/Type'] === '/MCR' || v['/Type'] === '/OBJR') continue;
    if (v['/Type'] !== undefined && v['/Type'] !== '/StructElem') continue;
    const kids = Array.isArray(v['/K']) ? v['/K'] : v['/K'] === undefined ? [] : [v['/K']];
    const kidTypes = kids.flatMap((k) => {
      const kd = d(k);
      return typeof kd['/S'] === 'string' && kd['/Type'] !== '/MCR' && kd['/Type'] !== '/OBJR' ? [String(kd['/S']).slice(1)] : [];
    });
    elems.push({ ref, type: String(v['/S']).slice(1), ...(v['/Alt'] !== undefined ? { alt: text(v['/Alt'])! } : {}), ...(v['/Lang'] !== undefined ? { lang: text(v['/Lang'])! } : {}), ...(typeof v['/P'] === 'string' ? { parent: v['/P'] } : {}), kidTypes });
  }
  return { elems, roleMap, catalog, objects };
}

/** Link annotations of every page: their description and whether the page says /Tabs /S. */
export function linkAnnotations(path: string): { page: number; contents?: string; tabs?: string }[] {
  const objects = qpdfObjects(path);
  const pages = [...objects.values()].map(dictOf).filter((v) => v['/Type'] === '/Page');
  const out: { page: number; contents?: string; tabs?: string }[] = [];
  pages.forEach((p, i) => {
    const annots = Array.isArray(p['/Annots']) ? p['/Annots'] : [];
    for (const a of annots) {
      const ad = typeof a === 'string' ? dictOf(objects.get(a)) : (a as Record<string, Json>);
      if (ad['/Subtype'] !== '/Link') continue;
      out.push({ page: i + 1, ...(ad['/Contents'] !== undefined ? { contents: text(ad['/Contents'])! } : {}), ...(typeof p['/Tabs'] === 'string' ? { tabs: p['/Tabs'] } : {}) });
    }
  });
  return out;
}

const PAINT = /^(?:.*\s)?(Tj|TJ|'|"|S|s|f|F|f\*|B|B\*|b|b\*|Do|sh|EI)$/;

/**
 * Painting operators outside any marked-content sequence, page by page: what PDF/UA-1 (7.1-3)
 * calls content neither tagged nor an artifact. Read from qpdf's normalised content streams (one
 * operator per line), with a line-by-line count of BDC/BMC … EMC: independent of the code that
 * wrapped them.
 */
export function untaggedPainting(path: string): { page: number; op: string }[] {
  const dir = mkdtempSync(join(tmpdir(), 'ct-qdf-'));
  try {
    const qdf = join(dir, 'q.pdf');
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', '--normalize-content=y', path, qdf]);
    const raw = readFileSync(qdf, 'latin1');
    const found: { page: number; op: string }[] = [];
    // qdf labels every page's content stream: "%% Contents for page N".
    const re = /%% Contents for page (\d+)\n%% Original object ID: [^\n]*\n\d+ 0 obj\n<<[\s\S]*?>>\nstream\n([\s\S]*?)\nendstream/g;
    for (const m of raw.matchAll(re)) {
      let depth = 0;
      let inText = false;
      for (const line of m[2]!.split('\n')) {
        const l = line.trim();
        if (/(BDC|BMC)$/.test(l)) depth++;
        else if (l === 'EMC') depth = Math.max(0, depth - 1);
        else if (l === 'BT') inText = true;
        else if (l === 'ET') inText = false;
        else if (depth === 0 && PAINT.test(l) && (inText || !/(Tj|TJ|'|")$/.test(l))) found.push({ page: Number(m[1]), op: l.split(/\s/).pop()! });
      }
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders pages to PNG files in a temporary folder; the caller removes it. */
export function renderPages(path: string, dpi: number, opts: { first?: number; last?: number; gray?: boolean } = {}): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ct-pages-'));
  tool('pdftoppm', ['-r', String(dpi), ...(opts.gray ? ['-gray'] : []), ...(opts.first ? ['-f', String(opts.first)] : []), ...(opts.last ? ['-l', String(opts.last)] : []), '-png', path, join(dir, 'p')]);
  return { dir, files: readdirSync(dir).filter((f) => f.endsWith('.png')).sort().map((f) => join(dir, f)) };
}

/** Pages with no text and nothing drawn on them (at least 99.8 % white when rendered). */
export async function blankPages(path: string): Promise<number[]> {
  const texts = pagesText(path);
  const { dir, files } = renderPages(path, 12, { gray: true });
  try {
    const blank: number[] = [];
    for (const [i, f] of files.entries()) {
      if (texts[i]?.trim()) continue;
      const { data } = await sharp(f).raw().toBuffer({ resolveWithObject: true });
      const white = data.filter((v) => v > 245).length / data.length;
      if (white >= 0.998) blank.push(i + 1);
    }
    return blank;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text printed in a page's top margin (its running head), `top` points high. */
export function headOf(path: string, page: number, top = 62): string {
  return flat(tool('pdftotext', ['-f', String(page), '-l', String(page), '-x', '0', '-y', '0', '-W', '2000', '-H', String(top), path, '-']));
}

/** The QR codes on a page (or every page), decoded by zbar from a 200 dpi rendering. */
export function qrCodes(path: string, opts: { first?: number; last?: number } = {}): string[] {
  const { dir, files } = renderPages(path, 200, opts);
  try {
    return files.flatMap((f) => {
      try {
        return execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
      } catch {
        return []; // zbarimg exits 4 when a page has no code
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
