import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTISTS } from '../../src/lib/demo.ts';
import { startSite, type Site } from '../helpers/site.ts';

let site: Site;
const pages = new Map<string, string>();

// Crawls what the public can reach: fixed pages, then every link found in the sitemap and feeds.
beforeAll(async () => {
  site = await startSite({ demo: true });
  const queue = ['/robots.txt', '/sitemap.xml', '/tour.ics', '/cs/feed.xml', '/en/feed.xml', '/print/cs', '/print/en'];
  for (const lang of ['cs', 'en']) queue.push(`/${lang}/`, `/${lang}/gallery`, `/${lang}/tour`, `/${lang}/help`, `/${lang}/enter`);
  while (queue.length) {
    const path = queue.shift()!;
    if (pages.has(path)) continue;
    const r = await fetch(new URL(path, site.base));
    expect(r.status, path).toBe(200);
    const body = await r.text();
    pages.set(path, body);
    for (const m of body.matchAll(/<loc>([^<]+)<\/loc>|href="(\/(?:cs|en)\/gallery\/\d+)"/g)) {
      const next = new URL(m[1] ?? m[2]!, site.base).pathname;
      if (!pages.has(next)) queue.push(next);
    }
  }
}, 240_000);
afterAll(() => site?.stop());

describe('what the public can reach never names a child', () => {
  it('crawled the gallery and every public artwork page', () => {
    const artworkPages = [...pages.keys()].filter((p) => /^\/(cs|en)\/gallery\/\d+$/.test(p));
    expect(artworkPages.length).toBe(ARTISTS.filter((a) => a.status === 'accepted').length * 2);
  });

  it('shows no surname anywhere (pages, sitemap, feeds, calendar, print route)', () => {
    for (const [path, body] of pages) {
      for (const a of ARTISTS) expect(body.includes(a.surname), `${a.surname} in ${path}`).toBe(false);
    }
  });

  it('shows no entry that is not accepted', () => {
    const hidden = ARTISTS.filter((a) => a.status !== 'accepted').flatMap((a) => a.title);
    for (const [path, body] of pages) {
      for (const title of hidden) expect(body.includes(`>${title}<`), `${title} in ${path}`).toBe(false);
    }
  });

  it('serves pictures without EXIF, and never the print master', async () => {
    const srcs = new Set<string>();
    for (const body of pages.values()) for (const m of body.matchAll(/\/media\/\d+\/p\d+-\d+\.(?:avif|webp)/g)) srcs.add(m[0]);
    expect(srcs.size).toBeGreaterThan(20);
    for (const src of [...srcs].slice(0, 30)) {
      const r = await fetch(new URL(src, site.base));
      expect(r.status).toBe(200);
      const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
      expect(meta.exif, src).toBeUndefined();
    }
    const master = await fetch(new URL(src0(srcs).replace(/-\d+\.(avif|webp)$/, '.jpg'), site.base));
    expect(master.status).toBe(404);
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

  it('gives artwork pages a link preview picture that is a public derivative', async () => {
    const page = [...pages.entries()].find(([p]) => /^\/cs\/gallery\/\d+$/.test(p))![1];
    const og = /<meta property="og:image" content="([^"]+)"/.exec(page)?.[1];
    expect(og).toMatch(/\/media\/\d+\/p1-\d+\.webp$/);
    expect((await fetch(og!)).status).toBe(200);
  });

  it('announces the exhibition on the home page', () => {
    expect(pages.get('/en/')).toMatch(/You can see the exhibition now: Galerie U Františkánů, Praha/);
  });

  it('keeps admin and print out of search engines', () => {
    expect(pages.get('/robots.txt')).toContain('Disallow: /admin');
    expect(pages.get('/sitemap.xml')).toContain('hreflang="en"');
  });
});

function src0(s: Set<string>): string {
  return [...s][0]!;
}
