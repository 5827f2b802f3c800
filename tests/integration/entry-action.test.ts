import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { translate } from '#src/i18n/index.ts';
import { entryTexts } from '#src/entries/texts.ts';
import type { EntryErrorKey } from '#src/entries/entry.ts';
import type { ImageErrorCode } from '#src/artworks/images.ts';
import { FIXTURES, HAVE_FIXTURES, startSite, type Site } from '../helpers/site.ts';
import { engineMissing, ENGINES } from '../helpers/engines.ts';
import { entryForm, jpegFile, type EntryFields } from '../helpers/entry.ts';
import { waitFor } from '../helpers/wait.ts';

const msg = (key: EntryErrorKey, params: Record<string, number> = {}) => translate(entryTexts('en').errors, key, params);
/** The HTML of a page shows apostrophes and quotes escaped. */
const inHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;');

let site: Site;
let jpeg: Buffer;

const form = (over: EntryFields = {}): FormData =>
  entryForm({ lang: 'en', firstName: 'Bohdana', surname: 'Zelenková', age: '15', town: 'Olomouc', region: 'OLK', category: 'comic', title: 'Integration title', pages: [jpegFile(jpeg)], ...over });

async function submit(body: FormData | string, headers: Record<string, string> = {}, target = site) {
  const r = await fetch(`${target.base}/en/enter?_action=submitEntry`, { method: 'POST', body, headers: { Origin: target.base, ...headers } });
  return { status: r.status, html: await r.text() };
}

const query = async <T>(sql: string, ...params: (string | number)[]): Promise<T[]> => (await site.db()).all<T>(sql, ...params);
const rows = () => query<{ id: number; reference: string; title: string; consent_state: string }>('SELECT id, reference, title, consent_state FROM entries ORDER BY id');

/** Every stored picture, as `<entry id>/<file>`, in the data directory or the bucket. */
const storedFiles = async (): Promise<string[]> => (await (await site.storage()).list('artworks/')).map((o) => o.key.slice('artworks/'.length));

/** Asserts a request left nothing behind: no new row, no new file, nothing in staging. */
async function expectNothingStored(action: () => Promise<void>) {
  const before = { rows: (await rows()).length, files: (await storedFiles()).length };
  await action();
  expect(await rows()).toHaveLength(before.rows);
  expect(await storedFiles()).toHaveLength(before.files);
  expect(readdirSync(join(site.dataDir, 'tmp')).length).toBe(0);
}

/** A PNG whose header declares width × height but carries almost no data. */
function pngDeclaring(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]));
}

describe.each(ENGINES)('the entry Action (%s)', (engine) => {
  beforeAll(async () => {
    if (engineMissing(engine)) return;
    site = await startSite({ engine, env: { ENTRY_RATE_LIMIT: '1000' } });
    jpeg = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#c0392b' } }).jpeg().toBuffer();
  });
  afterAll(() => site?.stop());
  const it = test.skipIf(engineMissing(engine));

  it('stores a valid entry with its master and web derivatives and shows the reference', async () => {
    const { status, html } = await submit(form());
    expect(status).toBe(200);
    const year = new Date().getFullYear();
    expect(html).toContain(`CT-${year}-0001`);
    const all = await rows();
    expect(all).toHaveLength(1);
    expect(all[0]!.consent_state).toBe('not_needed');
    // The page's size is what its print resolution is judged by (tests/unit/print-size.test.ts).
    expect(await query<{ width: number; height: number }>('SELECT width, height FROM entry_pages WHERE entry_id = ?', all[0]!.id)).toEqual([{ width: 1200, height: 1600 }]);
    const files = await storedFiles();
    expect(files).toContain(`${all[0]!.id}/p1.jpg`);
    expect(files.some((f) => /\/p1-\d+\.avif$/.test(f))).toBe(true);
    expect(files.some((f) => /\/p1-\d+\.webp$/.test(f))).toBe(true);
    // The status link is shown and works.
    const statusPath = /href="(\/en\/status\/[^"]+)"/.exec(html)?.[1];
    expect(statusPath).toBeDefined();
    const status2 = await fetch(`${site.base}${statusPath}`);
    expect(status2.headers.get('cache-control')).toBe('no-store');
    expect(await status2.text()).toContain('The organisers have not reviewed the work yet');
  });

  it('stores a three-page comic with its pages in the order sent', async () => {
    const colours = ['#ff0000', '#00ff00', '#0000ff'];
    const pages = await Promise.all(colours.map(async (background) => new Blob([new Uint8Array(await sharp({ create: { width: 900, height: 1200, channels: 3, background } }).png().toBuffer())], { type: 'image/png' })));
    const { status } = await submit(form({ title: 'Three pages', pages }));
    expect(status).toBe(200);
    const id = (await rows()).find((r) => r.title === 'Three pages')!.id;
    expect(await query('SELECT page_no FROM entry_pages WHERE entry_id = ? ORDER BY page_no', id)).toHaveLength(3);
    const firstPixel = async (n: number) => [...(await sharp((await (await site.storage()).read(`artworks/${id}/p${n}.jpg`))!).raw().toBuffer()).subarray(0, 3)];
    expect((await firstPixel(1))[0]).toBeGreaterThan(200);
    expect((await firstPixel(2))[1]).toBeGreaterThan(200);
    expect((await firstPixel(3))[2]).toBeGreaterThan(200);
  });

  it('stores one entry when the same form is sent twice (double click)', async () => {
    const token = crypto.randomUUID();
    const a = await submit(form({ formToken: token, title: 'Sent twice' }));
    const b = await submit(form({ formToken: token, title: 'Sent twice' }));
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect((await rows()).filter((r) => r.title === 'Sent twice')).toHaveLength(1);
  });

  it.each([
    ['a missing title', { title: '' }, msg('required')],
    ['missing fields altogether', { firstName: undefined, town: undefined, statement: undefined }, msg('required')],
    ['no consent', { consentPublish: undefined }, msg('consent')],
    ['rules not agreed', { agreeRules: undefined }, msg('rules')],
    ['an unknown region', { region: 'XX' }, msg('region')],
    ['an unknown category', { category: 'sculpture' }, msg('category')],
    ['no picture', { pages: undefined }, msg('imageMissing')],
    ['13 pages', { pages: Array.from({ length: 13 }, () => new Blob([new Uint8Array(16)], { type: 'image/jpeg' })) }, msg('tooManyPages', { max: 12 })],
    ['an under-15 artist without a guardian', { age: '12' }, msg('guardianRequired')],
    ['a malformed e-mail', { artistEmail: 'nobody@' }, msg('email')],
    ['a text file named .jpg', { pages: [new Blob(['<html><script>alert(1)</script></html>'], { type: 'image/jpeg' })] }, msg('image.not-an-image', { page: 1 })],
    ['a PNG declaring 60000x60000 pixels', { pages: [new Blob([new Uint8Array(pngDeclaring(60000, 60000))], { type: 'image/png' })] }, msg('image.too-many-pixels', { page: 1 })],
    ['a file over 25 MB', { pages: [new Blob([new Uint8Array(25 * 1024 * 1024 + 10)], { type: 'image/jpeg' })] }, msg('image.too-large-file', { page: 1 })],
  ])('refuses %s with a message at the field, storing no row and no file', async (_what, over, message) => {
    await expectNothingStored(async () => {
      const { status, html } = await submit(form(over as EntryFields));
      expect(status).toBe(400);
      expect(html).toContain(inHtml(message));
    });
  });

  it('names the page that was refused and keeps none of the good ones', async () => {
    await expectNothingStored(async () => {
      const pages = [new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), new Blob(['GIF89a'], { type: 'image/gif' })];
      const { status, html } = await submit(form({ pages }));
      expect(status).toBe(400);
      expect(html).toContain(inHtml(msg('image.unsupported-format', { page: 2 })));
    });
  });

  it('gives back what was typed when it refuses the form', async () => {
    const { html } = await submit(form({ title: '', firstName: 'Ludmila', statement: 'Kept statement text' }));
    expect(html).toMatch(/value="Ludmila"/);
    expect(html).toContain('Kept statement text');
  });

  // Judging pictures by their bytes does not depend on the engine: the corpus runs once, on SQLite.
  test.skipIf(!HAVE_FIXTURES || engine !== 'sqlite')('runs every file of the fixture corpus through the Action with the outcome its facts call for', async () => {
    const accepted = new Set(['fax-bilevel.tif', 'gain-map-3840x2160.jpg', 'phone-photo-iphone-hdr.jpg', 'phone-photo-jolla.jpg', 'phone-photo-nokia.jpg', 'photo-2725px.jpg', 'still.avif']);
    const refusedAs: Record<string, ImageErrorCode> = {
      'animated.gif': 'animated', 'animated.webp': 'animated', 'big-height.webp': 'animated', 'camera-corrupted-data.jpg': 'corrupt',
      'corrupt-header.jpg': 'corrupt', 'truncated.jpg': 'corrupt', 'empty.jpg': 'empty', 'giant-dimensions.jpg': 'too-many-pixels',
      'pixel-bomb-65536x65536.png': 'too-many-pixels', 'html-renamed.jpg': 'not-an-image', 'phone-photo-iphone.heic': 'heic', 'vector.svg': 'svg',
    };
    const names = readdirSync(FIXTURES).filter((n) => n !== 'README.md').sort();
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) {
      const bytes = readFileSync(join(FIXTURES, name));
      const before = (await rows()).length;
      const { status, html } = await submit(form({ title: `Fixture ${name}`, pages: [new Blob([new Uint8Array(bytes)])] }));
      if (accepted.has(name)) {
        expect(status, name).toBe(200);
        expect(await rows(), name).toHaveLength(before + 1);
      } else {
        // Everything else is refused: by its own reason, or (small camera pictures) as too small to print.
        expect(status, name).toBe(400);
        const code = refusedAs[name] ?? 'too-small';
        expect(html, name).toContain(inHtml(msg(`image.${code}`, { page: 1, min: 800 })));
        expect(await rows(), name).toHaveLength(before);
      }
    }
    expect(readdirSync(join(site.dataDir, 'tmp')).length).toBe(0);
  }, 180_000);

  it('refuses a further entry from the same e-mail beyond the edition’s limit of 3', async () => {
    const artistEmail = 'prolific@example.org';
    for (let i = 0; i < 3; i++) expect((await submit(form({ artistEmail, title: `Limit ${i}` }))).status).toBe(200);
    await expectNothingStored(async () => {
      const { status, html } = await submit(form({ artistEmail: 'Prolific@Example.org', title: 'Limit 4' }));
      expect(status).toBe(400);
      expect(html).toContain(inHtml(msg('limitReached', { max: 3 })));
    });
  });

  it('refuses a form whose hidden honeypot field was filled in', async () => {
    await expectNothingStored(async () => {
      const { status, html } = await submit(form({ website: 'http://spam.example' }));
      expect(status).toBe(400);
      expect(html).toContain(inHtml(msg('bot')));
    });
  });

  it('answers malformed bodies and wrong content types with 4xx, never 500, and stores nothing', async () => {
    await expectNothingStored(async () => {
      const json = await submit(JSON.stringify({ title: 'x' }), { 'Content-Type': 'application/json' });
      expect(json.status).toBeGreaterThanOrEqual(400);
      expect(json.status).toBeLessThan(500);
      const text = await submit('title=x', { 'Content-Type': 'text/plain' });
      expect(text.status).toBeGreaterThanOrEqual(400);
      expect(text.status).toBeLessThan(500);
      const broken = await submit('--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nunterminated', { 'Content-Type': 'multipart/form-data; boundary=xyz' });
      expect(broken.status).toBeGreaterThanOrEqual(400);
      expect(broken.status).toBeLessThan(500);
      const endpoint = await fetch(`${site.base}/_actions/submitEntry`, { method: 'POST', body: 'garbage', headers: { Origin: site.base, 'Content-Type': 'multipart/form-data; boundary=nope' } });
      expect(endpoint.status).toBeGreaterThanOrEqual(400);
      expect(endpoint.status).toBeLessThan(500);
    });
  });

  /** The page once it says `text`, or as it is after 5 s (the assertion after it then fails). */
  const pageOnceChanged = async (url: string, text: string): Promise<string> => {
    let page = '';
    await waitFor(async () => (page = await (await fetch(url)).text()).includes(text), { timeoutMs: 5_000, intervalMs: 50, what: text }).catch(() => {});
    return page;
  };

  it('says when the form is not open, and refuses entries then', async () => {
    const db = await site.db();
    const saved = (await db.get<{ opens_at: string; closes_at: string }>('SELECT opens_at, closes_at FROM editions WHERE is_current = 1'))!;
    try {
      await db.run(`UPDATE editions SET closes_at = '2020-03-31T23:59:00+02:00' WHERE is_current = 1`);
      // Written from the test's own connection: on PostgreSQL the site hears of it by NOTIFY, a
      // moment later, as it would of a change made by another server process.
      const page = await pageOnceChanged(`${site.base}/en/enter`, 'Entries closed on 31 March 2020, 23:59');
      expect(page).toContain('Entries closed on 31 March 2020, 23:59');
      expect(page).not.toContain('name="firstName"');
      await expectNothingStored(async () => {
        const { status, html } = await submit(form());
        expect(status).toBe(400);
        expect(html).toContain('Entries closed on 31 March 2020');
      });
      await db.run(`UPDATE editions SET opens_at = '2099-01-01T09:00:00+01:00', closes_at = '2099-03-01T00:00:00+01:00' WHERE is_current = 1`);
      expect(await pageOnceChanged(`${site.base}/cs/enter`, 'Přihlášky přijímáme od 1. ledna 2099, 09:00.')).toContain('Přihlášky přijímáme od 1. ledna 2099, 09:00.');
    } finally {
      await db.run('UPDATE editions SET opens_at = ?, closes_at = ? WHERE is_current = 1', saved.opens_at, saved.closes_at);
    }
  });
});

describe.each(ENGINES)('the per-address rate limit (%s)', (engine) => {
  let limited: Site;
  beforeAll(async () => {
    if (engineMissing(engine)) return;
    limited = await startSite({ engine, env: { ENTRY_RATE_LIMIT: '2' } });
  });
  afterAll(() => limited?.stop());

  it.skipIf(engineMissing(engine))('stops a third stored entry from one IP within the hour with a translated message, but not corrections', async () => {
    expect((await submit(form({ title: '' }), {}, limited)).status).toBe(400);
    expect((await submit(form(), {}, limited)).status).toBe(200);
    expect((await submit(form({ title: '' }), {}, limited)).status).toBe(400);
    expect((await submit(form(), {}, limited)).status).toBe(200);
    const third = await submit(form(), {}, limited);
    expect(third.status).toBe(400);
    expect(third.html).toContain('Too many entries came from this connection in the last hour');
  });
});
