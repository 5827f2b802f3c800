import { execFileSync, spawnSync } from 'node:child_process';
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

const tool = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const pageText = (path: string, page: number, layout = false) => tool('pdftotext', [...(layout ? ['-layout'] : []), '-f', String(page), '-l', String(page), path, '-']);
const flat = (s: string) => s.replace(/\s+/g, ' ');

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
  selected = (await catalogueEntries(db, edition.id)).map((e) => e.title);
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
    const { out } = catalogue(['--lang', p.lang, '--format', p.format, '--edition', p.edition, '--out', path]);
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
    expect(log).toMatch(/print readiness \(A4, print\): \d+ works, 0 error\(s\)/);
    expect(log).toMatch(/pages laid out: \d+|laid out \d+ pages/);
    expect(log).toMatch(/after layout: \d+ pages .* contents entries checked, 0 error\(s\)/);
    expect(log).toMatch(/wrote .*: \d+ pages, [\d.]+ MB in [\d.]+ s/);
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
