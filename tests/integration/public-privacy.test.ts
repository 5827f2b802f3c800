import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPrintKey, PRINT_KEY_COOKIE } from '#src/catalogue/access.ts';
import type { Db } from '#src/platform/db.ts';
import { ARTISTS } from '#src/operations/demo.ts';
import { PAST_ARTISTS } from '#src/operations/demo-gallery.ts';
import { getEntry, setStatus } from '#src/entries/entry-store.ts';
import { startSite, type Site } from '../helpers/site.ts';
import { engineMissing, ENGINES } from '../helpers/engines.ts';

const SURNAMES = [...ARTISTS, ...PAST_ARTISTS].map((a) => a.surname);
const VERSIONED_MEDIA = /\/media\/\d+\/\d+\/p\d+-\d+\.(?:avif|webp)/g;

let site: Site;
const pages = new Map<string, string>();

describe.each(ENGINES)('the public site on %s', (engine) => {
  const it = test.skipIf(engineMissing(engine));
  // Crawls what the public can reach: fixed pages, then every link found in the sitemap and feeds.
  beforeAll(async () => {
    if (engineMissing(engine)) return;
    pages.clear();
    site = await startSite({ demo: true, engine });
    const queue = ['/robots.txt', '/sitemap.xml', '/tour.ics', '/cs/feed.xml', '/en/feed.xml'];
    for (const lang of ['cs', 'en']) queue.push(`/${lang}/`, `/${lang}/gallery`, `/${lang}/winners`, `/${lang}/tour`, `/${lang}/help`, `/${lang}/enter`);
    while (queue.length) {
      const path = queue.shift()!;
      if (pages.has(path)) continue;
      const r = await fetch(new URL(path, site.base));
      expect(r.status, path).toBe(200);
      const body = await r.text();
      pages.set(path, body);
      // Artwork pages, and the gallery and winners of past editions.
      for (const m of body.matchAll(/<loc>([^<]+)<\/loc>|href="(\/(?:cs|en)\/(?:gallery\/\d+|(?:gallery|winners)\?edition=\d{4}))"/g)) {
        const url = new URL(m[1] ?? m[2]!, site.base);
        const next = url.pathname + url.search;
        if (!pages.has(next)) queue.push(next);
      }
    }
    // The catalogue's print route is for organisers and the catalogue command (with its key) only,
    // but what it prints is public too: it is checked with the rest. So is what the other public print
    // products print: wall labels, a stop's poster, worksheets.
    const Cookie = `${PRINT_KEY_COOKIE}=${await createPrintKey(await site.db())}`;
    for (const path of ['/print/cs', '/print/en?format=a5&edition=screen', '/print/cs/labels', '/print/en/labels?layout=single', '/print/cs/poster?stop=1', '/print/en/worksheets']) {
      const r = await fetch(new URL(path, site.base), { headers: { Cookie } });
      expect(r.status, path).toBe(200);
      pages.set(path, await r.text());
    }
  }, 240_000);
  afterAll(() => site?.stop());

  describe('what the public can reach never names a child', () => {
    it('crawled the gallery and every public artwork page', () => {
      const artworkPages = [...pages.keys()].filter((p) => /^\/(cs|en)\/gallery\/\d+$/.test(p));
      expect(artworkPages.length).toBe((ARTISTS.filter((a) => a.status === 'accepted').length + PAST_ARTISTS.length) * 2);
      expect([...pages.keys()]).toEqual(expect.arrayContaining(['/cs/winners', '/en/winners', '/cs/gallery?edition=2025'.replace('2025', String(pastYear()))]));
    });

    it('shows no surname anywhere (pages, winners, sitemap, feeds, calendar, print route)', () => {
      for (const [path, body] of pages) {
        for (const surname of SURNAMES) expect(body.includes(surname), `${surname} in ${path}`).toBe(false);
      }
    });

    it('shows no entry that is not accepted', () => {
      const hidden = ARTISTS.filter((a) => a.status !== 'accepted').flatMap((a) => a.title);
      for (const [path, body] of pages) {
        for (const title of hidden) expect(body.includes(`>${title}<`), `${title} in ${path}`).toBe(false);
      }
    });

    it('serves versioned pictures without EXIF, cached as immutable, and never the print master', async () => {
      const srcs = new Set<string>();
      for (const body of pages.values()) for (const m of body.matchAll(VERSIONED_MEDIA)) srcs.add(m[0]);
      expect(srcs.size).toBeGreaterThan(20);
      for (const body of pages.values()) expect(body).not.toMatch(/\/media\/\d+\/p\d+-/);
      for (const src of [...srcs].slice(0, 40)) {
        const r = await fetch(new URL(src, site.base));
        expect(r.status).toBe(200);
        expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
        expect(meta.exif, src).toBeUndefined();
        expect(meta.xmp, src).toBeUndefined();
      }
      const master = await fetch(new URL([...srcs][0]!.replace(/-\d+\.(avif|webp)$/, '.jpg'), site.base));
      expect(master.status).toBe(404);
      const otherVersion = [...srcs][0]!.replace(/\/(\d+)\/p/, (_, v) => `/${Number(v) + 1}/p`);
      expect((await fetch(new URL(otherVersion, site.base))).status).toBe(404);
    });

    it('gives every artwork page a 1200 × 630 share picture without metadata, and none to other entries', async () => {
      const shares = new Set<string>();
      for (const [path, body] of pages) {
        if (!/^\/(cs|en)\/gallery\/\d+$/.test(path)) continue;
        const og = /<meta property="og:image" content="([^"]+)"/.exec(body)?.[1];
        expect(og, path).toMatch(/\/og\/\d+\.jpg$/);
        expect(body).toContain(`<meta name="twitter:image" content="${og}"`);
        shares.add(og!);
      }
      for (const og of shares) {
        const r = await fetch(og);
        expect(r.status, og).toBe(200);
        expect(r.headers.get('content-type')).toBe('image/jpeg');
        const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
        expect([meta.width, meta.height]).toEqual([1200, 630]);
        expect(meta.exif, og).toBeUndefined();
        expect(meta.xmp, og).toBeUndefined();
      }
      const publicIds = new Set([...shares].map((u) => Number(/(\d+)\.jpg$/.exec(u)![1])));
      const hiddenId = Array.from({ length: 40 }, (_, i) => i + 1).find((id) => !publicIds.has(id))!;
      expect((await fetch(new URL(`/og/${hiddenId}.jpg`, site.base))).status).toBe(404);
    });

    it('filters the gallery by URL, without JavaScript, and says when nothing matches', async () => {
      const comics = await (await fetch(new URL('/en/gallery?category=comic', site.base))).text();
      const expected = ARTISTS.filter((a) => a.status === 'accepted' && a.category === 'comic').length;
      expect(comics).toContain(`Works: ${expected}`);
      expect(comics).toMatch(/<option value="comic" selected/);
      const none = await (await fetch(new URL('/cs/gallery?category=comic&region=PHA&age=6-9', site.base))).text();
      expect(none).toContain('Tomuto výběru neodpovídá žádné dílo.');
    });

    it('links each artwork to the previous and next public one', () => {
      const [first, second] = [...pages.entries()].filter(([p]) => /^\/en\/gallery\/\d+$/.test(p)).map(([p]) => Number(p.split('/').pop())).sort((a, b) => a - b);
      const page = pages.get(`/en/gallery/${first}`)!;
      expect(page).toContain(`rel="next" href="/en/gallery/${second}"`);
      expect(page).not.toContain('rel="prev"');
    });

    it('announces the exhibition on the home page', () => {
      expect(pages.get('/en/')).toMatch(/You can see the exhibition now: Galerie U Františkánů, Praha/);
    });

    it('keeps the catalogue\'s print route and its pictures from the public', async () => {
      for (const path of ['/print/cs', '/print/en', '/print/readiness.json', '/print/cs/labels', '/print/cs/poster?stop=1', '/print/cs/certificates', '/print/en/worksheets']) expect((await fetch(new URL(path, site.base))).status, path).toBe(404);
    });

    it('keeps admin and print out of search engines', () => {
      expect(pages.get('/robots.txt')).toContain('Disallow: /admin');
      expect(pages.get('/sitemap.xml')).toContain('hreflang="en"');
    });
  });

  function pastYear(): number {
    const current = /Kreslená pravda (\d{4})/.exec(pages.get('/cs/')!)![1];
    return Number(current) - 1;
  }

  describe('an organiser\'s change reaches the public at once', () => {
    let db: Db;
    let id = 0;
    beforeAll(async () => {
      if (engineMissing(engine)) return;
      db = await site.db();
      id = Number(/href="\/cs\/gallery\/(\d+)"/.exec(pages.get('/cs/gallery')!)![1]);
    });

    const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, site.base), { headers });

    it('answers 304 to a browser whose copy is current, and a new page once the work is withdrawn', async () => {
      const first = await get('/cs/gallery');
      const etag = first.headers.get('etag')!;
      expect(etag).toBeTruthy();
      expect(first.headers.get('cache-control')).toBe('public, no-cache');
      expect((await get('/cs/gallery', { 'If-None-Match': etag })).status).toBe(304);
      const artwork = await (await get(`/cs/gallery/${id}`)).text();
      const media = artwork.match(VERSIONED_MEDIA)![0];
      expect((await get(media)).status).toBe(200);

      await setStatus(db, id, 'rejected', 1);
      const after = await get('/cs/gallery', { 'If-None-Match': etag });
      expect(after.status).toBe(200);
      expect(await after.text()).not.toContain(`href="/cs/gallery/${id}"`);
      for (const path of [`/cs/gallery/${id}`, `/og/${id}.jpg`, media]) expect((await get(path)).status, path).toBe(404);
      expect(await (await get('/cs/feed.xml')).text()).not.toContain(`/cs/gallery/${id}<`);

      // Published again, it gets new picture addresses: the old ones stay dead.
      await setStatus(db, id, 'accepted', 1);
      expect((await get(`/cs/gallery/${id}`)).status).toBe(200);
      expect((await get(media)).status).toBe(404);
      const again = (await (await get(`/cs/gallery/${id}`)).text()).match(VERSIONED_MEDIA)![0];
      expect(again).not.toBe(media);
      expect((await get(again)).status).toBe(200);
    });

    it('hides a work whose guardian withdrew consent, everywhere', async () => {
      await db.run("UPDATE entries SET consent_state = 'withdrawn' WHERE id = ?", id);
      for (const path of [`/en/gallery/${id}`, `/og/${id}.jpg`]) expect((await get(path)).status, path).toBe(404);
      expect(await (await get('/sitemap.xml')).text()).not.toContain(`/gallery/${id}<`);
      await db.run("UPDATE entries SET consent_state = 'confirmed' WHERE id = ?", id);
      expect((await get(`/en/gallery/${id}`)).status).toBe(200);
    });

    it('credits by town, and only by age and region when the artist keeps the name private', async () => {
      const e = (await getEntry(db, id))!;
      await db.run("UPDATE entries SET town = 'Kostelec nad Orlicí' WHERE id = ?", id);
      expect(await (await get(`/en/gallery/${id}`)).text()).toContain(`${e.firstName} ${e.surname[0]}., age ${e.age}, Kostelec nad Orlicí`);
      await db.run('UPDATE entries SET hide_name = 1 WHERE id = ?', id);
      // The print route is not public: the catalogue command's key opens it.
      const printKey = { Cookie: `${PRINT_KEY_COOKIE}=${await createPrintKey(db)}` };
      for (const path of [`/en/gallery/${id}`, '/en/gallery', '/en/feed.xml', '/print/en']) {
        const res = await get(path, path.startsWith('/print') ? printKey : {});
        expect(res.status, path).toBe(200);
        const body = await res.text();
        expect(body, path).not.toContain(`${e.firstName} ${e.surname[0]}.`);
        expect(body, path).not.toContain('Kostelec nad Orlicí');
      }
      expect(await (await get(`/en/gallery/${id}`)).text()).toMatch(/Artist: age \d+, [^<]+Region|Artist: age \d+, Prague/);
    });
  });
});
