import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, closePage } from '../helpers/browser.ts';
import { startSite, type Site } from '../helpers/site.ts';

let site: Site;
let chromium: Browser;

beforeAll(async () => {
  site = await startSite({ demo: true });
  chromium = await browser();
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

describe('the Content-Security-Policy', () => {
  it('has no unsafe-inline script source and keeps framing off', async () => {
    for (const path of ['/cs/', '/en/enter', '/cs/gallery', '/cs/tour/book']) {
      const r = await fetch(`${site.base}${path}`);
      const csp = r.headers.get('content-security-policy') ?? '';
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc, path).toMatch(/^\s*script-src 'self'/);
      expect(scriptSrc, path).not.toContain('unsafe-inline');
      expect(scriptSrc, path).not.toContain('unsafe-eval');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('permissions-policy')).toContain('camera=()');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('sends the same policy when a page comes from the server’s page cache', async () => {
    const first = await fetch(`${site.base}/en/gallery?region=PHA`);
    const second = await fetch(`${site.base}/en/gallery?region=PHA`);
    expect(second.headers.get('content-security-policy')).toBeTruthy();
    expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    expect(await second.text()).toBe(await first.text());
  });

  it('sends HSTS only when the site is reached over HTTPS (through a proxy)', async () => {
    const r = await fetch(`${site.base}/cs/`, { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  it('lets the islands run (no violation reported) and blocks a script injected into the page', async () => {
    const page = await chromium.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const gallery = await (await fetch(`${site.base}/en/gallery`)).text();
    const artwork = /href="(\/en\/gallery\/\d+)"/.exec(gallery)![1];
    for (const path of ['/en/enter', artwork!, '/en/tour/book']) {
      await page.goto(`${site.base}${path}`, { waitUntil: 'networkidle' });
    }
    // The entry form hydrated: its enhanced picture chooser only exists with JavaScript.
    await page.goto(`${site.base}/en/enter`, { waitUntil: 'networkidle' });
    expect(await page.getByLabel(/^Add pictures/).count()).toBe(1);
    expect(violations).toEqual([]);

    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await closePage(page);
  });
});
