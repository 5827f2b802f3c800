import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium as playwright, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '#src/platform/chromium.ts';
import { ARTIFACTS, screenshot } from '../helpers/browser.ts';
import { field, fillEntryForm } from '../helpers/entry-form.ts';
import { NGINX, startNginx, TEST_HOST, type Proxy } from '../helpers/nginx.ts';
import { ADMIN, freePort, startSite, type Site } from '../helpers/site.ts';

/**
 * The site as the operations guide deploys it: nginx with HTTPS in front (the guide's own config),
 * BASE_URL https, a made-up host name that Chromium resolves to this machine. Everything a person
 * does here goes through the proxy, in a real browser that sets its own Origin and Fetch headers.
 */
let site: Site;
let proxy: Proxy;
let chromium: Browser;
let context: BrowserContext;
let picture: string;

beforeAll(async () => {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx): this test needs it');
  const port = await freePort();
  // nginx must know the site's port before the site knows its public address, so the port is chosen first.
  proxy = await startNginx(port);
  site = await startSite({ port, env: { BASE_URL: proxy.origin } });
  chromium = await playwright.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${TEST_HOST} 127.0.0.1`],
    headless: true,
  });
  // The certificate is self-signed for this test; everything else about HTTPS is real.
  context = await chromium.newContext({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
  mkdirSync(ARTIFACTS, { recursive: true });
  picture = join(ARTIFACTS, 'proxy-entry.jpg');
  writeFileSync(picture, await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#e76f51' } }).jpeg().toBuffer());
});

afterAll(async () => {
  await chromium?.close();
  await site?.stop();
  await proxy?.stop();
});

describe('behind nginx with HTTPS, as the operations guide deploys it', () => {
  it('an organiser signs in, and the session cookie is Secure', async () => {
    const page = await context.newPage();
    await page.goto(`${proxy.origin}/admin/entries`);
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Heslo').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await page.waitForURL('**/admin/entries');
    expect(page.url().startsWith(`${proxy.origin}/admin/entries`)).toBe(true);
    await screenshot(page, 'proxy-admin-signed-in');
    const cookie = (await context.cookies(proxy.origin)).find((c) => c.name === 'ct_session');
    expect(cookie?.secure).toBe(true);
    expect(cookie?.httpOnly).toBe(true);
    await page.close();
  });

  it('an artist submits an entry in English and gets a reference', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${proxy.origin}/en/enter`);
    expect(response?.headers()['strict-transport-security']).toContain('max-age=');
    await fillEntryForm(page, {
      firstName: 'Proxima',
      surname: 'Nginxová',
      age: '16',
      town: 'Brno',
      region: 'South Moravian Region',
      category: 'Poster',
      title: 'Through the proxy',
      statement: 'A poster that travelled through a reverse proxy.',
      altText: 'An orange rectangle.',
      artistEmail: 'proxima@example.org',
    });
    await field(page, 'Add pictures').setInputFiles(picture);
    await page.getByRole('button', { name: 'Send my entry' }).click();
    await expect.poll(() => page.getByText('Thank you, your entry has arrived').isVisible(), { timeout: 60_000 }).toBe(true);
    expect((await page.locator('.reference').textContent())!.trim()).toMatch(/^CT-\d{4}-\d{4}$/);
    await screenshot(page, 'proxy-entry-sent');
    await page.close();
  });
});
