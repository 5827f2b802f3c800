import { spawnSync } from 'node:child_process';
import { formatHours } from '#src/tour/opening-hours.ts';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db.ts';
import { ARTISTS } from '#src/operations/demo.ts';
import { currentEdition } from '#src/editions/edition.ts';
import { listSelection } from '#src/catalogue/selection.ts';
import { listStops } from '#src/tour/tour.ts';
import { ARTIFACTS } from '../helpers/browser.ts';
import { createJuror } from '../helpers/backoffice.ts';
import { flat, pageCount, pagesText, qrCodes, structure, tool } from '../helpers/pdf.ts';
import { postForm, readDb, ROOT, signIn, startSite, type Site } from '../helpers/site.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Every print product of the demo edition, made with `npm run print` and read back with poppler,
 * qpdf and zbar: how many labels, posters and certificates, where every QR code leads (fetched
 * from this very site), no full surname where the public may read, and certificates for
 * organisers only.
 */
let site: Site;
let db: Db;
let organiser = '';
let juror = '';
const out = (name: string) => join(ARTIFACTS, `print-${name}.pdf`);

function print(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/print.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, BASE_URL: site.base, DATA_DIR: site.dataDir },
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
function made(name: string, args: string[]): string {
  const r = print([...args, '--out', out(name)]);
  if (r.status !== 0) throw new Error(`print ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

const MM = 72 / 25.4;
const logs = new Map<string, string>();
let exhibition: { id: number; title: string; public: boolean }[] = [];
let publicStop = { id: 0, venue: '', hours: '' };
let schoolStop = { id: 0, venue: '' };

beforeAll(async () => {
  site = await startSite({ demo: true });
  db = await site.db();
  mkdirSync(ARTIFACTS, { recursive: true });
  organiser = await signIn(site);
  juror = await createJuror(site, organiser, 'juror.print@example.org');
  const edition = (await currentEdition(db))!;
  exhibition = (await listSelection(db, edition.id, 'exhibition')).map(({ entry }) => ({ id: entry.id, title: entry.title, public: entry.consentPublish }));
  const stops = await listStops(db);
  // A public stop with hours by weekday and access notes: its poster shows both, the hours in the poster's language.
  const prague = stops.find((s) => s.isPublic && s.hours && s.accessibility.trim())!;
  publicStop = { id: prague.id, venue: prague.venue, hours: formatHours(prague.hours!, 'cs')[0]! };
  const school = stops.find((s) => !s.isPublic)!;
  schoolStop = { id: school.id, venue: school.venue };
  // The test site's BASE_URL is its own loopback address, which is refused without --force.
  logs.set('labels', made('labels', ['labels', '--force']));
  logs.set('labels-single', made('labels-single', ['labels', '--lang', 'en', '--layout', 'single', '--size', '148x105', '--force']));
  logs.set('poster', made('poster', ['poster', '--stop', String(publicStop.id), '--force']));
  logs.set('poster-en', made('poster-en', ['poster', '--stop', String(publicStop.id), '--lang', 'en', '--force']));
  logs.set('poster-school', made('poster-school', ['poster', '--stop', String(schoolStop.id), '--force']));
  logs.set('certificates', made('certificates', ['certificates']));
  logs.set('worksheets', made('worksheets', ['worksheets']));
}, 900_000);

afterAll(async () => {
  // stop() closes the site's database too.
  await site?.stop();
});

describe('wall labels', () => {
  it('one label for every work of the exhibition selection, eight to an A4 sheet, with a contact sheet beside the PDF', async () => {
    expect(exhibition.length).toBeGreaterThan(8);
    expect(pageCount(out('labels'))).toBe(Math.ceil(exhibition.length / 8));
    const text = flat(tool('pdftotext', [out('labels'), '-']));
    for (const w of exhibition) expect(text.split(flat(w.title)).length - 1, w.title).toBe(1);
    expect(tool('pdfinfo', [out('labels')])).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts/);
    const sheet = await sharp(join(ARTIFACTS, 'print-labels-contact-sheet.png')).metadata();
    expect(sheet.width).toBeGreaterThan(100);
  });

  it('every QR code decodes to the page of its own work, which answers 200', async () => {
    const codes = qrCodes(out('labels'));
    const expected = exhibition.filter((w) => w.public).map((w) => `${site.base}/cs/gallery/${w.id}`);
    expect([...codes].sort()).toEqual([...expected].sort());
    for (const url of codes) {
      const r = await fetch(url);
      expect(r.status, url).toBe(200);
      const work = exhibition.find((w) => url.endsWith(`/gallery/${w.id}`))!;
      expect(await r.text(), url).toContain(work.title.replace(/&/g, '&amp;'));
    }
  });

  it('one label per page at a chosen size, in English', () => {
    expect(pageCount(out('labels-single'))).toBe(exhibition.length);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(tool('pdfinfo', [out('labels-single')]))!;
    expect(Number(size[1])).toBeCloseTo(148 * MM, 0);
    expect(Number(size[2])).toBeCloseTo(105 * MM, 0);
    const text = flat(tool('pdftotext', [out('labels-single'), '-']));
    expect(text).toContain('This work online');
    expect(text).toMatch(/ages \d+–\d+/);
  });

  it('refuses to print codes for a loopback BASE_URL unless forced, and writes nothing', () => {
    const target = out('labels-refused');
    const r = print(['labels', '--out', target]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/BASE_URL\) http:\/\/127\.0\.0\.1:\d+ can only be reached from this computer/);
    expect(r.out).toContain('--force');
    expect(existsSync(target)).toBe(false);
  });
});

describe('the poster of a tour stop', () => {
  it('is one A3 page with bleed: venue, dates, opening hours and access, and a code to the stop’s page', async () => {
    const path = out('poster');
    expect(pageCount(path)).toBe(1);
    const box = /MediaBox:\s+[\d.-]+\s+[\d.-]+\s+([\d.]+)\s+([\d.]+)/.exec(tool('pdfinfo', ['-box', path]))!;
    expect(Number(box[1])).toBeCloseTo(303 * MM, 0);
    expect(Number(box[2])).toBeCloseTo(426 * MM, 0);
    const text = flat(tool('pdftotext', [path, '-']));
    for (const s of [publicStop.venue, publicStop.hours, 'Linka bezpečí']) expect(text).toContain(s);
    // Labels are set in capitals by the style sheet.
    for (const s of ['otevírací doba', 'přístup', 'kdy']) expect(text.toLowerCase()).toContain(s);
    expect(text).toMatch(/\d{1,2}\. [a-zěščřžýáíéůú]+ \d{4}/);
    const codes = qrCodes(path);
    expect(codes).toEqual([`${site.base}/cs/tour/${publicStop.id}`]);
    const r = await fetch(codes[0]!);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain(publicStop.venue);
  });

  it('in English, with the Czech opening hours marked as Czech for screen readers', () => {
    const path = out('poster-en');
    const text = flat(tool('pdftotext', [path, '-'])).toLowerCase();
    for (const s of ['opening hours', 'access', 'when']) expect(text).toContain(s);
    // Words break between words; only the printed address may break anywhere.
    expect(text).toContain('guided visits for classes and everything about the exhibition');
    expect(qrCodes(path)).toEqual([`${site.base}/en/tour/${publicStop.id}`]);
    expect(logs.get('poster-en')).toMatch(/not translated: the poster will print them in Czech/);
    expect(structure(path).elems.some((e) => e.lang === 'cs')).toBe(true);
  });

  it('for a school-only stop, without a code that would lead nowhere', () => {
    expect(qrCodes(out('poster-school'))).toEqual([]);
    expect(logs.get('poster-school')).toMatch(/is not public: the poster will have no QR code/);
  });
});

describe('certificates', () => {
  const accepted = () => readDb<{ first_name: string; surname: string; school: string }>(site, `SELECT first_name, surname, school FROM entries WHERE status = 'accepted' AND edition_id = (SELECT id FROM editions WHERE is_current = 1)`);

  it('one A4 page per accepted work with the full name, posted in bundles by school', async () => {
    const rows = await accepted();
    const pages = pagesText(out('certificates'));
    expect(pages.length).toBe(rows.length);
    const schools = pages.map((p) => rows.find((r) => flat(p).includes(`${r.first_name} ${r.surname}`))!.school);
    expect(schools.every(Boolean)).toBe(true);
    expect(schools).toEqual([...schools].sort(new Intl.Collator('cs', { sensitivity: 'base' }).compare));
    expect(flat(pages[0]!)).toMatch(/Pamětní list .* za účast v soutěži/);
  });

  it('are refused to anyone but organisers, and never cached', async () => {
    expect((await fetch(`${site.base}/print/cs/certificates`)).status).toBe(404);
    expect((await fetch(`${site.base}/print/cs/certificates`, { headers: { cookie: juror } })).status).toBe(404);
    const own = await fetch(`${site.base}/print/cs/certificates`, { headers: { cookie: organiser } });
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    expect(await own.text()).toContain(`${ARTISTS[0]!.firstName} ${ARTISTS[0]!.surname}`);

    // A juror cannot start the job …
    const jobs = async () => (await readDb<{ n: number }>(site, 'SELECT COUNT(*) AS n FROM catalogue_jobs'))[0]!.n;
    const before = await jobs();
    expect((await postForm(site, juror, '/admin/catalogue?_action=startCatalogueJob', { product: 'certificates', lang: 'cs' })).status).toBe(403);
    expect(await jobs()).toBe(before);
    // … an organiser can, and downloads it; a juror and an anonymous visitor cannot.
    const started = await postForm(site, organiser, '/admin/catalogue?_action=startCatalogueJob', { product: 'certificates', lang: 'cs' });
    expect(started.status).toBe(303);
    const id = (await readDb<{ id: number }>(site, `SELECT MAX(id) AS id FROM catalogue_jobs WHERE product = 'certificates'`))[0]!.id;
    const done = await waitFor(
      async () => {
        const s = (await (await fetch(`${site.base}/admin/catalogue/status/${id}`, { headers: { cookie: organiser } })).json()) as { state: string };
        return s.state === 'running' ? undefined : s;
      },
      { timeoutMs: 180_000, intervalMs: 500, what: 'the certificates job' },
    );
    expect(done.state).toBe('done');
    const pdf = await fetch(`${site.base}/admin/catalogue/download/${id}`, { headers: { cookie: organiser } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('cache-control')).toBe('private, no-store');
    expect(pdf.headers.get('content-disposition')).toMatch(/certificates-cs-\d+\.pdf/);
    expect((await fetch(`${site.base}/admin/catalogue/download/${id}`, { headers: { cookie: juror }, redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${site.base}/admin/catalogue/download/${id}`, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${site.base}/admin/catalogue/contact-sheet/${id}`, { headers: { cookie: juror }, redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${site.base}/admin/catalogue/contact-sheet/${id}`, { headers: { cookie: organiser } })).headers.get('content-type')).toBe('image/png');
  });

  it('erasing an entry deletes every job file that holds its name: the PDF and its contact sheet', async () => {
    const job = (await readDb<{ id: number; file: string; contact_sheet: string; entry_ids: string }>(site, `SELECT id, file, contact_sheet, entry_ids FROM catalogue_jobs WHERE product = 'certificates' AND state = 'done' ORDER BY id DESC LIMIT 1`))[0]!;
    const entryId = (JSON.parse(job.entry_ids) as number[])[0]!;
    // The files live in the site's file store (here its data directory).
    const storage = await site.storage();
    expect(await storage.exists(job.file)).toBe(true);
    expect(await storage.exists(job.contact_sheet)).toBe(true);
    const r = await postForm(site, organiser, `/admin/entries/${entryId}?_action=eraseEntry`, { id: String(entryId), confirm: 'on' });
    expect(r.status).toBe(303);
    expect(await storage.exists(job.file)).toBe(false);
    expect(await storage.exists(job.contact_sheet)).toBe(false);
    expect(await readDb(site, 'SELECT id FROM catalogue_jobs WHERE id = ?', job.id)).toEqual([]);
  });
});

describe('worksheets', () => {
  it('one handout per activity for teachers, with the works it refers to and their captions', () => {
    const text = flat(tool('pdftotext', [out('worksheets'), '-']));
    expect(text.match(/PRACOVNÍ LIST/g)?.length).toBe(2);
    for (const s of ['Jméno', 'Třída', 'Díla k této aktivitě', 'Otázky', 'Kde najít pomoc']) expect(text).toContain(s);
    const s = structure(out('worksheets'));
    const figures = s.elems.filter((e) => e.type === 'Figure');
    expect(figures.length).toBeGreaterThan(1);
    expect(figures.every((f) => f.alt)).toBe(true);
  });
});

describe('public print products never carry a full surname', () => {
  it('labels, posters and worksheets name artists by first name and initial only', () => {
    for (const name of ['labels', 'labels-single', 'poster', 'poster-en', 'worksheets']) {
      const text = tool('pdftotext', [out(name), '-']);
      for (const a of ARTISTS) expect(text, `${a.surname} in ${name}`).not.toContain(a.surname);
      expect(statSync(out(name)).size).toBeGreaterThan(1000);
    }
  });
});
