import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSiteDb, signIn, startSite, type Site } from '../helpers/site.ts';

/** The branded error pages: the visitor's language, the site's navigation and help, the right status, never the framework's page. */
let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site?.stop());

const get = async (path: string, cookie?: string) => {
  const r = await fetch(`${site.base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  return { status: r.status, headers: r.headers, html: await r.text() };
};

describe('not found', () => {
  it('answers 404 with the branded page in the language of the address, Czech by default', async () => {
    const cases = [
      ['/cs/neexistuje', 'cs', 'Tuhle stránku jsme nenašli', 'Potřebuješ pomoc?'],
      ['/en/no-such-page', 'en', 'We could not find this page', 'Need help?'],
      ['/uk/nemaie', 'uk', 'Цієї сторінки ми не знайшли', 'Потрібна допомога?'],
      ['/cs/gallery/9999', 'cs', 'Tuhle stránku jsme nenašli', 'Linka bezpečí'],
      ['/en/tour/99999', 'en', 'We could not find this page', 'Linka bezpečí'],
      ['/no/such/thing', 'cs', 'Tuhle stránku jsme nenašli', '116 111'],
    ] as const;
    for (const [path, lang, heading, help] of cases) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(r.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(r.html, path).toContain(`<html lang="${lang}">`);
      expect(r.html, path).toContain(`<h1>${heading}</h1>`);
      expect(r.html, path).toContain(help);
      expect(r.html, path).toContain(`href="/${lang}/gallery"`); // the site's navigation
      expect(r.html, path).not.toMatch(/404: not found|astro-dev-toolbar/i); // never the framework's own page
    }
  });

  it('under /admin it is the back office’s page, in the admin’s language', async () => {
    const cookie = await signIn(site);
    const r = await get('/admin/no-such-screen', cookie);
    expect(r.status).toBe(404);
    expect(r.html).toContain('class="admin"');
    expect(r.html).toContain('Tuhle stránku jsme nenašli');
    expect(r.html).toContain('Zpět do administrace');
    const en = await get('/admin/no-such-screen?lang=en', cookie);
    expect(en.html).toContain('We could not find this page');
  });
});

describe('a server error', () => {
  it('answers 500 with the branded page, the help contacts and a code to report, never a stack trace', async () => {
    // A broken database: the tour's table is gone.
    const db = openSiteDb(site.dataDir, { write: true });
    db.exec('PRAGMA foreign_keys = OFF; DROP TABLE visit_bookings; DROP TABLE visit_slots; DROP TABLE tour_stops;');
    db.close();
    const r = await get('/en/tour');
    expect(r.status).toBe(500);
    expect(r.html).toContain('<html lang="en">');
    expect(r.html).toContain('Something went wrong on our side');
    expect(r.html).toContain('Linka bezpečí');
    expect(r.html).toMatch(/Error code for the organisers: [A-Za-z0-9._-]{8,}/);
    expect(r.html).not.toMatch(/no such table|at .*\.js:\d+|tour_stops/);
  });
});
