import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, phoneJourney, screenshot, type PhoneJourney } from '../helpers/browser.ts';
import { postForm, readRow, signIn, type Site } from '../helpers/site.ts';
import { addresses, links, type Inbox } from '../helpers/smtp.ts';

/** A twelve-year-old enters in Czech; the parent sees what is asked and refuses; the work never becomes public. */
let journey: PhoneJourney;
let site: Site;
let inbox: Inbox;
let chromium: Browser;
let phone: Page;
const picture = join(ARTIFACTS, 'consent-poster.png');
const field = (label: string) => phone.getByLabel(new RegExp(`^${label}`));

beforeAll(async () => {
  journey = await phoneJourney();
  ({ site, inbox, chromium, phone } = journey);
  writeFileSync(picture, await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#e9c46a' } }).png().toBuffer());
});
afterAll(() => journey?.stop());

describe('a parent refuses', () => {
  let id = 0;

  it('the child enters; the parent sees the work, its credit and the three uses, and refuses', async () => {
    await phone.goto(`${site.base}/cs/enter`);
    await field('Jméno').first().fill('Tadeáš');
    await field('Příjmení').fill('Šimůnek');
    await field('Věk').fill('12');
    await field('Obec nebo město').fill('Písek');
    await field('Kraj').selectOption({ label: 'Jihočeský kraj' });
    await phone.getByRole('radio', { name: 'Plakát' }).check();
    await field('Název díla').fill('Cizí auto');
    await field('Co chce dílo říct').fill('Nenastupuj do auta k někomu, koho neznáš.');
    await field('Popis obrázku pro nevidomé').fill('Žluté auto a dítě, které couvá.');
    await field('Přidat obrázky').setInputFiles([picture]);
    await expect.poll(() => phone.getByRole('list', { name: 'Obrázky díla' }).getByText('Obrázek je v pořádku.').isVisible(), { timeout: 60_000 }).toBe(true);
    await field('Tvůj e-mail').fill('tadeas@example.org');
    await field('Jméno a příjmení rodiče').fill('Iva Šimůnková');
    await field('E-mail rodiče').fill('iva@example.org');
    await phone.getByRole('checkbox', { name: /^Souhlasím se zveřejněním díla v online galerii/ }).check();
    await phone.getByRole('checkbox', { name: /^Souhlasím s vystavením díla na putovní výstavě/ }).check();
    await phone.getByRole('checkbox', { name: /^Souhlasím s pravidly soutěže/ }).check();
    await phone.getByRole('button', { name: 'Odeslat přihlášku' }).click();
    await expect.poll(() => phone.getByText('Děkujeme, přihláška dorazila').isVisible(), { timeout: 60_000 }).toBe(true);
    const reference = (await phone.locator('.reference').textContent())!.trim();
    id = (await readRow<{ id: number }>(site, 'SELECT id FROM entries WHERE reference = ?', reference))!.id;

    const request = await inbox.waitFor((m) => addresses(m).includes('iva@example.org'));
    await phone.goto(links(request)[0]!);
    expect(await phone.getByRole('heading', { name: 'Přihlášené dílo' }).isVisible()).toBe(true);
    expect(await phone.getByText('Tadeáš Š., 12 let, Písek').isVisible()).toBe(true);
    // The uses the child chose are ticked; the catalogue was not.
    expect(await phone.getByRole('checkbox', { name: /online galerii/ }).isChecked()).toBe(true);
    expect(await phone.getByRole('checkbox', { name: /tištěném katalogu/ }).isChecked()).toBe(false);
    expect(await phone.getByRole('checkbox', { name: /putovní výstavě/ }).isChecked()).toBe(true);
    expect(await phone.getByRole('img', { name: 'Žluté auto a dítě, které couvá.' }).evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await screenshot(phone, 'consent-guardian-390');
    await phone.getByRole('button', { name: 'Nesouhlasím s účastí v soutěži' }).click();
    await phone.getByText('Dílo jsme ze soutěže vyřadili').waitFor();
    // A reload shows the outcome again; nothing is sent twice.
    await phone.reload();
    await phone.getByText('Dílo jsme ze soutěže vyřadili').waitFor();
  });

  it('the child is told, the work never becomes public, and the status page says why', async () => {
    const told = await inbox.waitFor((m) => addresses(m).includes('tadeas@example.org') && /nesouhlasí/.test(m.subject ?? ''));
    expect(told.text).toContain('tvůj rodič nebo zákonný zástupce nesouhlasí');
    // An organiser accepting it changes nothing.
    const cookie = await signIn(site);
    expect((await postForm(site, cookie, '/_actions/reviewEntry', { id: String(id), decision: 'accepted' })).status).toBe(200);
    const gallery = await phone.goto(`${site.base}/cs/gallery/${id}`);
    expect(gallery?.status()).toBe(404);
    await phone.goto(`${site.base}/cs/gallery`);
    expect(await phone.getByText('Cizí auto').count()).toBe(0);

    const intake = await inbox.waitFor((m) => addresses(m).includes('tadeas@example.org') && /dorazila/.test(m.subject ?? ''));
    await phone.goto(links(intake).find((l) => l.includes('/cs/status/'))!);
    expect(await phone.getByText(/Rodič s účastí v soutěži nesouhlasil/).isVisible()).toBe(true);
    expect(await phone.getByText('Do online galerie dílo nezveřejníme, protože k tomu nemáme souhlas.').isVisible()).toBe(true);
    await screenshot(phone, 'status-refused-390');
  });
});
