import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '#src/platform/app.ts';
import { catalogueEntries } from '#src/catalogue/works.ts';
import { openDb, type Db } from '#src/platform/db.ts';
import { ARTISTS } from '#src/operations/demo.ts';
import { currentEdition } from '#src/editions/edition.ts';
import { ARTIFACTS } from '../helpers/browser.ts';
import { ROOT, startSite, type Site } from '../helpers/site.ts';
import { blankPages, flat, headOf, linkAnnotations, pageText, qrCodes, structure, tool, untaggedPainting } from '../helpers/pdf.ts';
import { STANDARD_TYPES } from '#src/catalogue/pdf/pdf-ua.ts';
import type { EntryRecord } from '#src/entries/entry.ts';

/**
 * The catalogue of the demo edition, generated once per language, format and edition in this run
 * and checked with poppler's tools: page boxes, padding, titles, TOC numbers against the pages the
 * titles are on, fonts, Czech text, bookmarks, links, and that works that may not be printed never are.
 */
let site: Site;
let db: Db;
let noConsent = { id: 0, title: '' };
let withdrawn = { id: 0, title: '' };
let selected: string[] = [];
let works: EntryRecord[] = [];

interface Run {
  name: string;
  lang: 'cs' | 'en';
  format: 'a4' | 'a5';
  edition: 'print' | 'screen';
  path: string;
  log: string;
}
const runs = new Map<string, Run>();

const MM = 72 / 25.4;
const A4 = { w: 210 * MM, h: 297 * MM };
const A5 = { w: 148 * MM, h: 210 * MM };
const BLEED = 3 * MM;

function catalogue(args: string[], opts: { check?: boolean } = {}): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/catalogue.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, BASE_URL: site.base, DATA_DIR: site.dataDir },
    encoding: 'utf8',
  });
  const out = `${r.stdout}${r.stderr}`;
  if (opts.check !== false && r.status !== 0) throw new Error(`catalogue ${args.join(' ')} failed:\n${out}`);
  return { status: r.status, out };
}


function boxes(path: string): { pages: number; media: number[]; trim: number[]; bleed: number[]; tagged: boolean; title: string } {
  const info = tool('pdfinfo', ['-box', path]);
  const nums = (label: string) => new RegExp(`${label}:\\s+(-?[\\d.]+)\\s+(-?[\\d.]+)\\s+(-?[\\d.]+)\\s+(-?[\\d.]+)`).exec(info)!.slice(1).map(Number);
  return {
    pages: Number(/Pages:\s+(\d+)/.exec(info)![1]),
    media: nums('MediaBox'),
    trim: nums('TrimBox'),
    bleed: nums('BleedBox'),
    tagged: /Tagged:\s+yes/.test(info),
    title: /Title:\s+(.*)/.exec(info)?.[1] ?? '',
  };
}

/** Titles of the outline (bookmarks), depth first. */
async function outline(path: string): Promise<string[]> {
  const pdf = await PDFDocument.load(readFileSync(path));
  const root = pdf.catalog.lookup(PDFName.of('Outlines'), PDFDict);
  const titles: string[] = [];
  const walk = (item: PDFDict | undefined) => {
    while (item) {
      const t = item.lookup(PDFName.of('Title'));
      if (t instanceof PDFHexString || t instanceof PDFString) titles.push(t.decodeText());
      walk(item.lookup(PDFName.of('First')) as PDFDict | undefined);
      item = item.lookup(PDFName.of('Next')) as PDFDict | undefined;
    }
  };
  walk(root.lookup(PDFName.of('First')) as PDFDict | undefined);
  return titles;
}

beforeAll(async () => {
  site = await startSite({ demo: true });
  db = openDb(join(site.dataDir, DB_FILE));
  const edition = (await currentEdition(db))!;
  // Two selected works lose their right to be printed: one never had print consent, one guardian withdrew.
  const all = await catalogueEntries(db, edition.id);
  noConsent = { id: all[3]!.id, title: all[3]!.title };
  withdrawn = { id: all[5]!.id, title: all[5]!.title };
  await db.run('UPDATE entries SET consent_print = 0 WHERE id = ?', noConsent.id);
  await db.run("UPDATE entries SET consent_state = 'withdrawn' WHERE id = ?", withdrawn.id);
  works = await catalogueEntries(db, edition.id);
  selected = works.map((e) => e.title);
  mkdirSync(ARTIFACTS, { recursive: true });
  const plan: Omit<Run, 'path' | 'log'>[] = [
    { name: 'print-cs-a4', lang: 'cs', format: 'a4', edition: 'print' },
    { name: 'print-en-a4', lang: 'en', format: 'a4', edition: 'print' },
    { name: 'screen-cs-a4', lang: 'cs', format: 'a4', edition: 'screen' },
    { name: 'screen-en-a4', lang: 'en', format: 'a4', edition: 'screen' },
    { name: 'print-en-a5', lang: 'en', format: 'a5', edition: 'print' },
  ];
  for (const p of plan) {
    const path = join(ARTIFACTS, `catalogue-${p.name}.pdf`);
    // --force: the test site's BASE_URL is loopback, which the QR codes are refused for otherwise.
    const { out } = catalogue(['--lang', p.lang, '--format', p.format, '--edition', p.edition, '--out', path, '--force']);
    runs.set(p.name, { ...p, path, log: out });
  }
}, 600_000);

afterAll(async () => {
  await db?.close();
  await site?.stop();
});

describe('the catalogue command', () => {
  it('reports progress, the readiness report and a summary', () => {
    const log = runs.get('print-cs-a4')!.log;
    // The one error: QR codes for a loopback BASE_URL, printed anyway because the test asked with --force.
    expect(log).toMatch(/print readiness \(A4, print\): \d+ works, 1 error\(s\)/);
    expect(log).toMatch(/ERROR +The public address of the site \(BASE_URL\) http:\/\/127\.0\.0\.1:\d+ can only be reached from this computer/);
    expect(log).toMatch(/pages laid out: \d+|laid out \d+ pages/);
    expect(log).toMatch(/after layout: \d+ pages .* contents entries checked, 0 error\(s\)/);
    expect(log).toMatch(/wrote .*: \d+ pages, [\d.]+ MB in [\d.]+ s/);
    expect(log).toMatch(/PDF\/UA: \d+ untagged drawing\(s\) marked as artifacts/);
    expect(log).toMatch(/contact sheet: .*catalogue-print-cs-a4-contact-sheet\.png/);
    // The two works that may not be printed are named in the report as left out.
    expect(log).toContain(`${noConsent.title}`);
    expect(log).toMatch(/has no print consent: it will not be in the catalogue/);
    expect(log).toMatch(/consent was withdrawn, it will not be in the catalogue/);
  });

  it('refuses unknown formats and editions clearly', () => {
    expect(catalogue(['--format', 'a3'], { check: false })).toMatchObject({ status: 1, out: expect.stringContaining('--format must be one of a4, a5') });
    expect(catalogue(['--edition', 'web'], { check: false })).toMatchObject({ status: 1, out: expect.stringContaining('--edition must be one of print, screen') });
  });

  it('stops before rendering when a picture would print under 150 dpi, unless --force', async () => {
    const e = (await db.get<{ entry_id: number; width: number; height: number }>('SELECT entry_id, width, height FROM entry_pages WHERE entry_id = ? AND page_no = 1', await selectedId(0)))!;
    // As if the artist had uploaded a picture only 300 px wide.
    await db.run('UPDATE entry_pages SET width = 300, height = ? WHERE entry_id = ? AND page_no = 1', Math.round((300 * e.height) / e.width), e.entry_id);
    try {
      const refused = catalogue(['--lang', 'en', '--edition', 'screen', '--out', join(ARTIFACTS, 'catalogue-refused.pdf')], { check: false });
      expect(refused.status).toBe(1);
      expect(refused.out).toMatch(/ERROR .*only \d+ dpi at its printed size/);
      expect(refused.out).toContain('run again with --force');
      expect(refused.out).not.toContain('laying out');
    } finally {
      await db.run('UPDATE entry_pages SET width = ?, height = ? WHERE entry_id = ? AND page_no = 1', e.width, e.height, e.entry_id);
    }
  });

  it('keeps the print route and its pictures from the public', async () => {
    for (const path of ['/print/cs', '/print/en?edition=screen', '/print/readiness.json', `/print/image/${await selectedId(0)}/p1-480-q92.jpg`]) {
      expect((await fetch(new URL(path, site.base))).status, path).toBe(404);
    }
  });
});

async function selectedId(i: number): Promise<number> {
  return (await catalogueEntries(db, (await currentEdition(db))!.id))[i]!.id;
}

describe('the PDFs', () => {
  it('print editions: trimmed size plus 3 mm bleed, TrimBox and BleedBox on every page, a multiple of 4 pages', () => {
    for (const [name, size] of [['print-cs-a4', A4], ['print-en-a4', A4], ['print-en-a5', A5]] as const) {
      const b = boxes(runs.get(name)!.path);
      expect(b.media[2]! - b.media[0]!, name).toBeCloseTo(size.w + 2 * BLEED, 1);
      expect(b.media[3]! - b.media[1]!, name).toBeCloseTo(size.h + 2 * BLEED, 1);
      expect(b.trim[0], name).toBeCloseTo(BLEED, 1);
      expect(b.trim[2]! - b.trim[0]!, name).toBeCloseTo(size.w, 1);
      expect(b.trim[3]! - b.trim[1]!, name).toBeCloseTo(size.h, 1);
      expect(b.bleed, name).toEqual(b.media);
      expect(b.pages % 4, name).toBe(0);
      expect(b.tagged, name).toBe(true);
      // pdfinfo -box prints the first page; every page has its own boxes.
      const last = tool('pdfinfo', ['-box', '-f', String(b.pages), '-l', String(b.pages), runs.get(name)!.path]);
      expect(last).toMatch(new RegExp(`Page\\s+${b.pages} TrimBox:\\s+${b.trim.map((n) => n.toFixed(2)).join('\\s+')}`));
    }
  });

  it('screen editions: no bleed, the trimmed size, smaller than print, with a clickable contents page', async () => {
    for (const lang of ['cs', 'en']) {
      const screen = runs.get(`screen-${lang}-a4`)!;
      const b = boxes(screen.path);
      expect(b.media[2]).toBeCloseTo(A4.w, 0);
      expect(b.media[3]).toBeCloseTo(A4.h, 0);
      expect(b.trim).toEqual(b.media);
      expect(b.tagged).toBe(true);
      expect(statSync(screen.path).size).toBeLessThan(statSync(runs.get(`print-${lang}-a4`)!.path).size);
      const pdf = await PDFDocument.load(readFileSync(screen.path));
      const tocPage = pdf.getPage(tocPages(screen.path)[0]! - 1);
      const annots = tocPage.node.lookup(PDFName.of('Annots'), PDFArray);
      expect(annots.size()).toBeGreaterThan(selected.length);
    }
  });

  it('every selected work is in every PDF, and the works that may not be printed never are', () => {
    expect(selected.length).toBeGreaterThan(10);
    expect(selected).not.toContain(noConsent.title);
    expect(selected).not.toContain(withdrawn.title);
    const surnames = ARTISTS.map((a) => a.surname);
    for (const run of runs.values()) {
      const text = flat(tool('pdftotext', [run.path, '-']));
      for (const title of selected) expect(text, `${title} in ${run.name}`).toContain(flat(title));
      for (const title of [noConsent.title, withdrawn.title]) expect(text, `${title} in ${run.name}`).not.toContain(title);
      for (const surname of surnames) expect(text, `${surname} in ${run.name}`).not.toContain(surname);
    }
  });

  it('the contents list every work on the page where its title really is', () => {
    for (const run of runs.values()) {
      const listed = tocEntries(run.path);
      for (const title of selected) expect(listed.has(title), `${title} in the contents of ${run.name}`).toBe(true);
      for (const [title, page] of listed) {
        expect(flat(pageText(run.path, page)), `${title} on page ${page} of ${run.name}`).toContain(flat(title));
      }
    }
  });

  it('embeds every font, none of them Type 3', () => {
    for (const run of runs.values()) {
      const rows = tool('pdffonts', [run.path]).split('\n').slice(2).filter(Boolean);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row, run.name).not.toMatch(/Type 3/);
        expect(row.slice(-36), `${row} in ${run.name}`).toMatch(/^\s*\S+\s+yes\s/);
      }
    }
  });

  it('keeps Czech diacritics when text is extracted, and has metadata and bookmarks', async () => {
    const cs = runs.get('print-cs-a4')!;
    const text = flat(tool('pdftotext', [cs.path, '-']));
    for (const phrase of ['Jak poznat, že něco není v pořádku', 'Kde najít pomoc', 'Rejstřík autorů', 'Rejstřík míst', 'Otázky k diskusi', 'Tiráž']) expect(text).toContain(phrase);
    expect(boxes(cs.path).title).toMatch(/Kreslená pravda \d{4}/);
    expect(tool('pdfinfo', [cs.path])).toMatch(/Author:\s+Kreslená pravda/);
    for (const run of runs.values()) {
      const titles = await outline(run.path);
      expect(titles, run.name).toContain(run.lang === 'cs' ? 'Díla' : 'Works');
      expect(titles, run.name).toContain(selected[0]);
    }
  });

  it('renders pages to PNG as artifacts for a person to look at', () => {
    const run = runs.get('print-cs-a4')!;
    const work = tocEntries(run.path).get(selected[0]!)!;
    tool('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', '-singlefile', run.path, join(ARTIFACTS, 'catalogue-print-cs-cover')]);
    tool('pdftoppm', ['-r', '50', '-png', '-f', String(work), '-l', String(work), '-singlefile', run.path, join(ARTIFACTS, 'catalogue-print-cs-work')]);
    const a5 = runs.get('print-en-a5')!;
    const toc = tocPages(a5.path)[0]!;
    tool('pdftoppm', ['-r', '50', '-png', '-f', String(toc), '-l', String(toc), '-singlefile', a5.path, join(ARTIFACTS, 'catalogue-print-en-a5-contents')]);
    for (const name of ['catalogue-print-cs-cover', 'catalogue-print-cs-work', 'catalogue-print-en-a5-contents']) {
      expect(statSync(join(ARTIFACTS, `${name}.png`)).size).toBeGreaterThan(5000);
    }
  });
});

/** Pages of the contents: from the page with its heading to the page with its last line (help on the back cover). */
function tocPages(path: string): number[] {
  const pages: number[] = [];
  for (let p = 1; p <= 20; p++) {
    const text = pageText(path, p);
    if (pages.length === 0 && !/^(Obsah|Contents)$/m.test(text)) continue;
    pages.push(p);
    if (/zadní strana obálky|back cover/.test(text)) break;
  }
  return pages;
}

/** Title → page number as printed in the contents. */
function tocEntries(path: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of tocPages(path)) {
    for (const line of pageText(path, p, true).split('\n')) {
      const m = /^\s*(\S.*?\S)\s{2,}(\d+)\s*$/.exec(line);
      if (m) out.set(m[1]!, Number(m[2]));
    }
  }
  return out;
}

describe('a catalogue that looks designed', () => {
  it('has at most 4 blank pages in the A4 print edition, padding included (13 of 64 before)', async () => {
    for (const name of ['print-cs-a4', 'print-en-a4', 'print-en-a5']) {
      const run = runs.get(name)!;
      const blank = await blankPages(run.path);
      expect(blank.length, `${name}: blank pages ${blank.join(', ')}`).toBeLessThanOrEqual(4);
      // The only blank pages are the padding just before the back cover.
      const pages = boxes(run.path).pages;
      blank.forEach((p, i) => expect(p, name).toBe(pages - blank.length + i));
    }
  });

  it('names the current part, chapter or section in the running head of every text and work page', () => {
    const run = runs.get('print-cs-a4')!;
    const toc = tocEntries(run.path);
    const pages = boxes(run.path).pages;
    // Every work's page (and the pages of a comic that follow it) says it is in the works.
    for (const title of selected) expect(headOf(run.path, toc.get(title)!), title).toBe('DÍLA');
    for (const [title, page] of toc) {
      if (selected.includes(title)) continue;
      // A chapter whose title opens its page heads that page.
      const first = flat(pageText(run.path, page)).replace(headOf(run.path, page), '').trim();
      if (first.startsWith(title)) expect(headOf(run.path, page), title).toBe(title.toLocaleUpperCase('cs'));
    }
    // No page inside the book (between cover and back cover, blank padding aside) is without a head.
    for (let p = 2; p < pages; p++) {
      if (!pageText(run.path, p).trim()) continue;
      expect(headOf(run.path, p), `page ${p}`).not.toBe('');
    }
    expect(headOf(run.path, 1)).toBe('');
  });

  it('sets body text at a readable size: about 11.5 pt on A4 and 10 pt on A5', () => {
    const median = (path: string, page: number) => {
      const heights = [...tool('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), path, '-']).matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)].map((m) => Number(m[2]) - Number(m[1])).sort((a, b) => a - b);
      return heights[Math.floor(heights.length / 2)]!;
    };
    const chapterPage = (path: string) => tocEntries(path).get('Co je obchod s lidmi') ?? tocEntries(path).get('What human trafficking is')!;
    // Word boxes are about 1.35 times the type size (Noto Serif's ascent and descent).
    expect(median(runs.get('print-cs-a4')!.path, chapterPage(runs.get('print-cs-a4')!.path))).toBeGreaterThan(15);
    expect(median(runs.get('print-en-a5')!.path, chapterPage(runs.get('print-en-a5')!.path))).toBeGreaterThan(13);
  });

  it('has the organisers’ chosen artwork on the cover, with its caption', () => {
    const run = runs.get('print-cs-a4')!;
    expect(tool('pdfimages', ['-list', '-f', '1', '-l', '1', run.path]).split('\n').slice(2).filter(Boolean).length).toBe(1);
    expect(flat(pageText(run.path, 1))).toMatch(/Na obálce: .+ · .+, \d+ let, /);
  });

  it('puts a caption under every picture, and a comic’s further pages in reading order on the next page', () => {
    const run = runs.get('print-cs-a4')!;
    const s = structure(run.path);
    const byRef = new Map(s.elems.map((e) => [e.ref, e]));
    for (const f of s.elems.filter((e) => e.type === 'Figure')) expect(byRef.get(f.parent!)?.kidTypes, f.alt).toContain('Caption');
    const comic = works.find((w) => w.pages.length === 3)!;
    const page = tocEntries(run.path).get(comic.title)!;
    const next = flat(pageText(run.path, page + 1));
    expect(next.indexOf(`${comic.title} · 2/3`)).toBeGreaterThanOrEqual(0);
    expect(next.indexOf(`${comic.title} · 3/3`)).toBeGreaterThan(next.indexOf(`${comic.title} · 2/3`));
    expect(flat(pageText(run.path, page))).toContain(`Další strany komiksu najdete na straně ${page + 1}`);
  });

  it('has a QR code beside each public work that leads to that work’s page, which answers 200', async () => {
    const run = runs.get('print-cs-a4')!;
    const toc = tocEntries(run.path);
    for (const w of works.slice(0, 6)) {
      const page = toc.get(w.title)!;
      const codes = qrCodes(run.path, { first: page, last: page });
      expect(codes, w.title).toEqual([`${site.base}/cs/gallery/${w.id}`]);
      const r = await fetch(codes[0]!);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain(w.title.replace(/&/g, '&amp;'));
    }
  });
});

/**
 * PDF/UA-1's machine-checkable rules that veraPDF reported for the old catalogue, each asserted
 * with qpdf and poppler (veraPDF itself cannot be installed here; see README).
 */
describe('accessible PDFs (PDF/UA-1)', () => {
  const editions = ['print-cs-a4', 'print-en-a4', 'screen-en-a4'];

  it('7.1-3: nothing is painted that is neither tagged nor an artifact (folios, heads, leaders, backgrounds, crop marks)', () => {
    for (const name of editions) expect(untaggedPainting(runs.get(name)!.path), name).toEqual([]);
  });

  it('7.18.5-2 and 7.18.3-1: every link annotation has a description, and its page tabs in structure order', () => {
    for (const name of editions) {
      const links = linkAnnotations(runs.get(name)!.path);
      expect(links.length, name).toBeGreaterThan(selected.length);
      expect(links.filter((l) => !l.contents?.trim()), name).toEqual([]);
      expect(links.filter((l) => l.tabs !== '/S'), name).toEqual([]);
    }
    const cs = linkAnnotations(runs.get('print-cs-a4')!.path);
    expect(cs.map((l) => l.contents)).toContain(`${selected[0]}, s. ${tocEntries(runs.get('print-cs-a4')!.path).get(selected[0]!)}`);
  });

  it('7.2-20: list items hold only Lbl and LBody', () => {
    for (const name of editions) {
      const { elems } = structure(runs.get(name)!.path);
      expect(elems.filter((e) => e.type === 'LI').length).toBeGreaterThan(selected.length);
      expect(elems.filter((e) => e.type === 'LI' && e.kidTypes.some((k) => k !== 'Lbl' && k !== 'LBody')), name).toEqual([]);
    }
  });

  it('7.3-1: one Figure per picture of an artwork (and the cover), each with its Alt, none inside another', () => {
    const pictures = works.reduce((n, w) => n + w.pages.length, 0) + 1;
    for (const name of editions) {
      const figures = structure(runs.get(name)!.path).elems.filter((e) => e.type === 'Figure');
      expect(figures.length, name).toBe(pictures);
      expect(figures.filter((f) => !f.alt?.trim()), name).toEqual([]);
      expect(figures.filter((f) => f.kidTypes.includes('Figure')), name).toEqual([]);
    }
  });

  it('7.1-5: a RoleMap maps every type PDF 1.7 does not define (Strong, Em…) to a standard one', () => {
    for (const name of editions) {
      const { elems, roleMap } = structure(runs.get(name)!.path);
      const custom = [...new Set(elems.map((e) => e.type))].filter((t) => !STANDARD_TYPES.has(t));
      expect(custom, name).toContain('Strong');
      for (const t of custom) expect(STANDARD_TYPES.has(roleMap[t] ?? ''), `${t} in ${name}`).toBe(true);
      expect(tool('pdfinfo', ['-struct', runs.get(name)!.path])).not.toContain('wrong type');
    }
  });

  it('5-1, 7.1-8 to 7.1-10: XMP metadata with pdfuaid:part 1 and the title, marked content, the title in the window', () => {
    for (const name of editions) {
      const path = runs.get(name)!.path;
      const xmp = tool('pdfinfo', ['-meta', path]);
      expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
      expect(xmp).toMatch(/<dc:title><rdf:Alt><rdf:li xml:lang="x-default">[^<]+<\/rdf:li>/);
      const { catalog } = structure(path);
      expect(catalog['/MarkInfo']).toMatchObject({ '/Marked': true });
      expect(catalog['/ViewerPreferences']).toMatchObject({ '/DisplayDocTitle': true });
      expect(catalog['/Lang']).toBe(`u:${runs.get(name)!.lang}`);
    }
  });

  it('7.2-3: in the English edition, the Czech alt texts are marked as Czech (and English ones are not)', () => {
    const { elems } = structure(runs.get('print-en-a4')!.path);
    const czech = works.filter((w) => w.lang === 'cs');
    expect(czech.length).toBeGreaterThan(5);
    for (const w of czech) {
      const fig = elems.find((e) => e.type === 'Figure' && e.alt === w.altText);
      expect(fig?.lang, w.title).toBe('cs');
    }
    for (const w of works.filter((x) => x.lang === 'en')) expect(elems.find((e) => e.type === 'Figure' && e.alt === w.altText)?.lang, w.title).toBeUndefined();
  });

  it('7.4.2-1: heading levels never skip one', () => {
    for (const name of editions) {
      const levels = [...tool('pdfinfo', ['-struct', runs.get(name)!.path]).matchAll(/^\s*H([1-6])\b/gm)].map((m) => Number(m[1]));
      expect(levels[0], name).toBe(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `${name}: heading ${i}`).toBeLessThanOrEqual(1);
    }
  });
});
