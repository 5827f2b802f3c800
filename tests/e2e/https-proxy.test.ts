import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium as playwright, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '#src/platform/chromium.ts';
import { ARTIFACTS, closePage, screenshot } from '../helpers/browser.ts';
import { field, fillEntryForm } from '../helpers/entry-form.ts';
import { NGINX, startNginx, TEST_HOST, type Proxy } from '../helpers/nginx.ts';
import { ADMIN, freePort, postForm, readDb, signIn, startSite, type Site } from '../helpers/site.ts';
import { addresses, links, startInbox, type Inbox } from '../helpers/smtp.ts';

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
let inbox: Inbox;

beforeAll(async () => {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx): this test needs it');
  const port = await freePort();
  // nginx must know the site's port before the site knows its public address, so the port is chosen first.
  proxy = await startNginx(port);
  inbox = await startInbox();
  site = await startSite({ port, env: { BASE_URL: proxy.origin, SMTP_URL: inbox.url } });
  // Test setup, not a journey: one exhibition set on tour, posted to the server directly.
  expect((await postForm(site, await signIn(site), '/_actions/tourSaveSet', { name: 'A', panels: '24', wallM: '15', bufferBefore: '2', bufferAfter: '2', active: 'on' })).status).toBe(200);
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
  await inbox?.close();
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

  it('a guardian follows the mailed link through the proxy and consents; the organiser accepts the work in the review queue', async () => {
    const phone = await context.newPage();
    await phone.goto(`${proxy.origin}/cs/enter`);
    // Czech labels end in letters \b does not know: match the label's start.
    const cz = (label: string) => phone.getByLabel(new RegExp(`^${label}`));
    await cz('Jméno').first().fill('Tadeáš');
    await cz('Příjmení').fill('Proxický');
    await cz('Věk').fill('12');
    await cz('Obec nebo město').fill('Písek');
    await cz('Kraj').selectOption({ label: 'Jihočeský kraj' });
    await phone.getByRole('radio', { name: 'Plakát' }).check();
    await cz('Název díla').fill('Přes zámek');
    await cz('Co chce dílo říct').fill('Plakát, který prošel přes reverzní proxy.');
    await cz('Popis obrázku pro nevidomé').fill('Oranžový obdélník.');
    await cz('Přidat obrázky').setInputFiles(picture);
    await expect.poll(() => phone.getByRole('list', { name: 'Obrázky díla' }).getByText('Obrázek je v pořádku.').isVisible(), { timeout: 60_000 }).toBe(true);
    await cz('Tvůj e-mail').fill('tadeas.proxy@example.org');
    await cz('Jméno a příjmení rodiče').fill('Iva Proxická');
    await cz('E-mail rodiče').fill('iva.proxy@example.org');
    await phone.getByRole('checkbox', { name: /^Souhlasím se zveřejněním díla v online galerii/ }).check();
    await phone.getByRole('checkbox', { name: /^Souhlasím s pravidly soutěže/ }).check();
    await phone.getByRole('button', { name: 'Odeslat přihlášku' }).click();
    await expect.poll(() => phone.getByText('Děkujeme, přihláška dorazila').isVisible(), { timeout: 60_000 }).toBe(true);

    // The link in the guardian's mail is the public HTTPS address; the browser follows it through nginx.
    const request = await inbox.waitFor((m) => addresses(m).includes('iva.proxy@example.org'));
    const link = links(request).find((l) => l.includes('/consent/'))!;
    expect(link.startsWith(`${proxy.origin}/cs/consent/`)).toBe(true);
    await phone.goto(link);
    await phone.getByRole('button', { name: 'Souhlasím s účastí a s vybraným zveřejněním' }).click();
    await phone.getByText(/^Děkujeme, souhlas je potvrzený/).waitFor();
    await screenshot(phone, 'proxy-guardian-consented');
    const [row] = await readDb<{ id: number; consent_state: string }>(site, "SELECT id, consent_state FROM entries WHERE title = 'Přes zámek'");
    expect(row?.consent_state).toBe('confirmed');
    await closePage(phone);

    // The organiser signed in above accepts it with the row's button: an Action through the proxy.
    const desk = await context.newPage();
    await desk.setViewportSize({ width: 1280, height: 900 });
    await desk.goto(`${proxy.origin}/admin/entries`);
    await desk.getByRole('button', { name: 'Přijmout: Přes zámek' }).click();
    await expect.poll(async () => (await readDb<{ status: string }>(site, 'SELECT status FROM entries WHERE id = ?', row!.id))[0]?.status, { timeout: 20_000 }).toBe('accepted');
    await closePage(desk);
  });

  it('a teacher sends a tour request through the proxy, and reloading the answer sends nothing again', async () => {
    const phone = await context.newPage();
    await phone.goto(`${proxy.origin}/en/tour/book`);
    await phone.getByRole('grid').waitFor();
    await phone.getByRole('button', { name: 'Next month' }).focus();
    await phone.keyboard.press('Tab');
    await phone.keyboard.press('ArrowDown');
    await phone.keyboard.press('ArrowDown');
    await phone.keyboard.press('Home');
    await phone.keyboard.press('Enter');
    await expect.poll(() => phone.getByRole('status').filter({ hasText: 'Chosen dates' }).count()).toBe(1);
    const input = (label: string) => phone.getByLabel(new RegExp(`^${label}( \\*)?$`));
    await input('School name').fill('ZŠ Za Proxy');
    await input('School address').fill('Šifrovaná 443');
    await input('Town').fill('Brno');
    await input('Region').selectOption({ label: 'South Moravian Region' });
    await input('Teacher’s name').fill('Petra Nginxová');
    await input('E-mail').fill('petra.proxy@school.test');
    await input('Phone').fill('+420 603 222 333');
    await input('Number of pupils').fill('40');
    await input('Pupils’ ages').fill('10–12');
    await input('Free wall length in metres').fill('16');
    await phone.getByRole('button', { name: /^Send the request/ }).click();
    await phone.getByRole('heading', { name: 'Thank you, your request has arrived' }).waitFor({ timeout: 30_000 });
    await phone.reload();
    await phone.getByRole('heading', { name: 'Thank you, your request has arrived' }).waitFor();
    await screenshot(phone, 'proxy-tour-request');
    expect(await readDb<{ school: string }>(site, 'SELECT school FROM tour_requests')).toEqual([{ school: 'ZŠ Za Proxy' }]);
    const ack = await inbox.waitFor((m) => addresses(m).includes('petra.proxy@school.test'));
    expect(links(ack).some((l) => l.startsWith(`${proxy.origin}/en/tour/request/`))).toBe(true);
    await closePage(phone);
  });
});
