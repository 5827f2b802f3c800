import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, closePage, phoneJourney, type PhoneJourney, screenshot } from '../helpers/browser.ts';
import type { Site } from '../helpers/site.ts';
import { addresses, links, type Inbox } from '../helpers/smtp.ts';
import { organiserInBrowser } from '../helpers/backoffice.ts';
import { flat, pagesText, qrCodes, renderPages } from '../helpers/pdf.ts';

/**
 * A teacher enters a class on a phone: asks for the class's page, follows the mailed link, adds
 * three pupils' works (one under 15 whose guardian signs a printed form, one under 15 with the
 * guardian's e-mail, one aged 16), sends the class and sees three references; the guardian's mailed
 * link confirms; the printed form's code leads to its work, the teacher uploads the signed form and
 * an organiser verifies it; no teacher opens another teacher's class.
 */
let journey: PhoneJourney;
let site: Site;
let inbox: Inbox;
let chromium: Browser;
let phone: Page;
const picture = join(ARTIFACTS, 'class-poster.png');
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label}`));

beforeAll(async () => {
  journey = await phoneJourney();
  ({ site, inbox, chromium, phone } = journey);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(picture, await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#2a9d8f' } }).png().toBuffer());
});
afterAll(() => journey?.stop());

async function requestBatch(page: Page, lang: 'cs' | 'en', teacherEmail: string): Promise<string> {
  const cs = lang === 'cs';
  await page.goto(`${site.base}/${lang}/enter`);
  await page.getByRole('link', { name: cs ? 'Přihlásit třídu' : 'Enter a class' }).click();
  await field(page, cs ? 'Název školy' : 'School name').fill('ZŠ Komenského');
  await field(page, cs ? 'Třída' : 'Class').fill(cs ? '6. B' : '6B');
  await field(page, cs ? 'Vaše jméno a příjmení' : 'Your full name').fill('Jana Horáková');
  await field(page, cs ? 'Váš e-mail' : 'Your e-mail').fill(teacherEmail);
  await field(page, cs ? 'Obec, kde je škola' : "The school's town").fill('Jihlava');
  await field(page, cs ? 'Kraj' : 'Region').selectOption({ label: cs ? 'Kraj Vysočina' : 'Vysočina Region' });
  await page.getByRole('button', { name: cs ? 'Poslat odkaz na stránku třídy' : "Send me the class's link" }).click();
  await page.getByText(cs ? /Odkaz na stránku třídy jsme poslali na adresu/ : /We have sent the link/).waitFor();
  const mail = await inbox.waitFor((m) => addresses(m).includes(teacherEmail));
  expect(mail.text).toMatch(/^(Dobrý den,|Hello,)/);
  return links(mail).find((l) => l.includes(`/${lang}/class/`))!;
}

async function addPupil(p: { first: string; surname: string; age: number; title: string; pupilEmail?: string; guardian?: string; paper?: boolean }) {
  await field(phone, 'Jméno').first().fill(p.first);
  await field(phone, 'Příjmení').fill(p.surname);
  await field(phone, 'Věk').fill(String(p.age));
  await field(phone, 'Název díla').fill(p.title);
  await field(phone, 'Co chce dílo říct').fill('Nevěř každému, kdo ti na internetu slibuje práci.');
  await field(phone, 'Popis obrázku pro nevidomé').fill('Zelená plocha a dítě s telefonem v ruce.');
  await field(phone, 'Přidat obrázky').setInputFiles([picture]);
  await expect.poll(() => phone.getByRole('list', { name: 'Obrázky díla' }).getByText('Obrázek je v pořádku.').isVisible(), { timeout: 60_000 }).toBe(true);
  if (p.pupilEmail) await field(phone, 'Tvůj e-mail').fill(p.pupilEmail);
  if (p.paper) {
    await phone.getByRole('radio', { name: /^Na papíře/ }).check();
    // The guardian's name and e-mail are not asked for then.
    expect(await field(phone, 'E-mail rodiče').count()).toBe(0);
  }
  if (p.guardian) {
    await field(phone, 'Jméno a příjmení rodiče').fill(`Rodič ${p.surname}`);
    await field(phone, 'E-mail rodiče').fill(p.guardian);
  }
  await phone.getByRole('checkbox', { name: /^Souhlasím se zveřejněním díla v online galerii/ }).check();
  await phone.getByRole('checkbox', { name: /^Souhlasím s pravidly soutěže/ }).check();
  await phone.getByRole('button', { name: 'Odeslat přihlášku', exact: true }).click();
  await expect.poll(() => phone.getByText('Děkujeme, přihláška dorazila').isVisible(), { timeout: 60_000 }).toBe(true);
  const reference = (await phone.locator('#entry-done .reference').textContent())!.trim();
  if (p.paper) expect(await phone.getByText('Formulář souhlasu pro rodiče vytisknete v seznamu prací třídy.', { exact: false }).isVisible()).toBe(true);
  await phone.getByRole('link', { name: 'Přidat dalšího žáka' }).click();
  await phone.getByRole('heading', { name: 'Přidat práci dalšího žáka' }).waitFor();
  return reference;
}

describe('a teacher enters a class at 390 px (Czech)', () => {
  let classLink = '';
  const references: string[] = [];

  it('asks for the class page from the entry page and opens it from the mailed link', async () => {
    classLink = await requestBatch(phone, 'cs', 'horakova@zs.example');
    await phone.goto(classLink);
    await phone.getByRole('heading', { name: 'Přihláška třídy' }).waitFor();
    expect(await phone.getByText('Třída 6. B, ZŠ Komenského').isVisible()).toBe(true);
    expect(await phone.getByText('Zatím jste nepřidali žádnou práci.').isVisible()).toBe(true);
    // The school and the teacher's e-mail are filled in already.
    expect(await field(phone, 'Škola').inputValue()).toBe('ZŠ Komenského');
  });

  it('adds three pupils one after another, each judged at once, and sees each in the list', async () => {
    references.push(await addPupil({ first: 'Ema', surname: 'Dvořáková', age: 11, title: 'Pozor na cizí', guardian: 'dvorak@example.org' }));
    references.push(await addPupil({ first: 'Tomáš', surname: 'Novák', age: 12, title: 'Falešný kamarád', paper: true }));
    references.push(await addPupil({ first: 'Lucie', surname: 'Malá', age: 16, title: 'Práce snů', pupilEmail: 'lucie@example.org' }));
    const list = phone.locator('.batch-works li');
    expect(await list.count()).toBe(3);
    for (const r of references) expect(await phone.locator('.batch-works .reference', { hasText: r }).count()).toBe(1);
    expect(await phone.getByText('Čeká na souhlas zákonného zástupce').count()).toBe(2);
    expect(await phone.getByText('Přijato, čeká na posouzení').count()).toBe(1);
    expect(await phone.getByText('Souhlas na papíře: formulář zatím není nahraný.').count()).toBe(1);
    expect(await phone.getByText('3 práce', { exact: false }).isVisible()).toBe(true);
    await screenshot(phone, 'class-batch-cs-390');
  });

  it('sends the class: no more works can be added, and the teacher gets the three references', async () => {
    await phone.getByRole('button', { name: 'Odeslat přihlášku třídy' }).click();
    await phone.getByText(/Přihláška třídy byla odeslána/).waitFor();
    expect(await phone.getByRole('heading', { name: 'Přidat práci dalšího žáka' }).count()).toBe(0);
    expect(await phone.locator('.batch-works li').count()).toBe(3);
    const sent = await inbox.waitFor((m) => addresses(m).includes('horakova@zs.example') && /je odeslána/.test(m.subject ?? ''));
    for (const r of references) expect(sent.text).toContain(r);
    await screenshot(phone, 'class-batch-sent-cs-390');
  });

  it("a guardian's mailed link confirms, and the teacher's page shows it", async () => {
    const request = await inbox.waitFor((m) => addresses(m).includes('dvorak@example.org'));
    await phone.goto(links(request)[0]!);
    await phone.getByRole('button', { name: 'Souhlasím s účastí a s vybraným zveřejněním' }).click();
    await phone.getByText(/souhlas je potvrzený/).first().waitFor();
    await phone.goto(classLink);
    expect(await phone.getByText('Čeká na souhlas zákonného zástupce').count()).toBe(1);
    expect(await phone.getByText('Přijato, čeká na posouzení').count()).toBe(2);
  });

  it("the printed consent form's code leads to its work; the teacher uploads the signed form and an organiser verifies it", async () => {
    const [download] = await Promise.all([
      phone.waitForEvent('download', { timeout: 120_000 }),
      phone.getByRole('link', { name: 'Vytisknout formulář souhlasu (PDF)' }).click(),
    ]);
    const file = join(ARTIFACTS, 'class-consent-form.pdf');
    await download.saveAs(file);
    const text = pagesText(file);
    expect(text).toHaveLength(1);
    expect(flat(text[0]!)).toContain('Souhlas zákonného zástupce s účastí dítěte v soutěži');
    expect(flat(text[0]!)).toContain('Tomáš Novák');
    expect(flat(text[0]!)).toContain('Falešný kamarád');
    expect(flat(text[0]!)).toContain(references[1]!);
    const [code] = qrCodes(file);
    expect(code).toMatch(new RegExp(`^${site.base}/admin/entries/\\d+$`));

    // The guardian signed the printed form; the teacher photographs it and uploads the picture.
    const { dir, files } = renderPages(file, 150);
    const signed = join(ARTIFACTS, 'class-consent-form-signed.jpg');
    writeFileSync(signed, await sharp(files[0]!).jpeg().toBuffer());
    rmSync(dir, { recursive: true, force: true });
    await field(phone, 'Fotografie nebo sken podepsaného formuláře k práci Falešný kamarád').setInputFiles(signed);
    await phone.getByRole('button', { name: 'Nahrát formulář' }).click();
    await phone.getByText(`Formulář k práci ${references[1]} je nahraný. Organizátoři ho zkontrolují.`).waitFor();
    await screenshot(phone, 'class-consent-form-uploaded-cs-390');

    // The organiser finds it in the review queue, scans the code to the same work, and verifies it.
    const organiser = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const desk = await organiser.newPage();
    await organiserInBrowser(desk, site);
    await desk.goto(`${site.base}/admin/entries`);
    await desk.getByText('Ke kontrole čeká 1 podepsaný formulář souhlasu:').waitFor();
    await desk.getByRole('link', { name: `${references[1]}: Falešný kamarád` }).click();
    const here = desk.url().replace(/#.*$/, '');
    expect(here).toBe(code);
    await desk.getByRole('heading', { level: 1, name: new RegExp(references[1]!) }).waitFor();
    await expect.poll(() => desk.getByRole('img', { name: `Podepsaný formulář k přihlášce ${references[1]}` }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    // The parent did not tick the catalogue on paper.
    await desk.getByRole('checkbox', { name: 'Otisknout v katalogu' }).uncheck();
    await desk.getByRole('button', { name: 'Souhlas ověřen' }).click();
    await desk.getByText('Souhlas z podepsaného formuláře je ověřený.').waitFor();
    await screenshot(desk, 'class-consent-form-verified-cs-1280');
    await organiser.close();

    await phone.goto(classLink);
    expect(await phone.getByText('Podepsaný formulář organizátoři ověřili.').count()).toBe(1);
    expect(await phone.getByText('Čeká na souhlas zákonného zástupce').count()).toBe(0);
    expect(await phone.getByText('Přijato, čeká na posouzení').count()).toBe(3);
    expect(await phone.getByRole('link', { name: 'Vytisknout formulář souhlasu (PDF)' }).count()).toBe(0);
  }, 240_000);

  it('when the edition asks for originals by post, the class page gives the labels for all three works', async () => {
    expect(await phone.getByRole('link', { name: 'Stáhnout štítky na zadní stranu prací (PDF)' }).count()).toBe(0);
    const organiser = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const desk = await organiser.newPage();
    await organiserInBrowser(desk, site);
    await desk.goto(`${site.base}/admin/editions`);
    await desk.getByRole('listitem').filter({ hasText: 'aktuální' }).getByRole('link').click();
    await desk.getByLabel('Soutěž žádá originály děl poštou').check();
    await desk.getByRole('button', { name: 'Uložit nastavení originálů' }).click();
    await desk.getByText('Nastavení originálů je uloženo.').waitFor();
    // The consent ways are the edition's setting too: both are allowed, and one at least must stay.
    expect(await desk.getByRole('checkbox', { name: /^E-mailem/ }).isChecked()).toBe(true);
    expect(await desk.getByRole('checkbox', { name: /^Na papíře/ }).isChecked()).toBe(true);
    await desk.getByRole('checkbox', { name: /^E-mailem/ }).uncheck();
    await desk.getByRole('checkbox', { name: /^Na papíře/ }).uncheck();
    await desk.getByRole('button', { name: 'Uložit způsoby souhlasu' }).click();
    await desk.getByText('Povolte prosím aspoň jeden způsob; jinak by se žáci mladší 15 let nemohli přihlásit.').waitFor();
    await desk.getByRole('checkbox', { name: /^E-mailem/ }).check();
    await desk.getByRole('checkbox', { name: /^Na papíře/ }).check();
    await desk.getByRole('button', { name: 'Uložit způsoby souhlasu' }).click();
    await desk.getByText('Způsoby souhlasu jsou uloženy.').waitFor();
    await organiser.close();

    await phone.goto(classLink);
    expect(await phone.getByText(/originály prací posílají poštou/).isVisible()).toBe(true);
    const [download] = await Promise.all([
      phone.waitForEvent('download', { timeout: 120_000 }),
      phone.getByRole('link', { name: 'Stáhnout štítky na zadní stranu prací (PDF)' }).click(),
    ]);
    const file = join(ARTIFACTS, 'class-batch-labels.pdf');
    await download.saveAs(file);
    expect(qrCodes(file).map((c) => new URL(c).searchParams.get('ref')).sort()).toEqual([...references].sort());
  }, 180_000);

  it("no teacher opens another teacher's class: an edited or a made-up link is the ordinary 404", async () => {
    const other = await chromium.newPage();
    const otherLink = await requestBatch(other, 'cs', 'svoboda@zs.example');
    expect(otherLink).not.toBe(classLink);
    await other.goto(otherLink);
    expect(await other.getByText('Zatím jste nepřidali žádnou práci.').isVisible()).toBe(true);
    for (const r of references) expect(await other.getByText(r).count()).toBe(0);
    const token = classLink.split('/').pop()!;
    const edited = classLink.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const link of [edited, `${site.base}/cs/class/1`, `${site.base}/cs/class/${'a'.repeat(32)}`]) {
      const response = await other.goto(link);
      expect(response?.status()).toBe(404);
      expect(await other.getByText('Dvořáková').count()).toBe(0);
    }
    await closePage(other);
  });
});

describe('a teacher enters a class at 1280 px (English)', () => {
  it('asks for the page and sees the empty class, the form and the send step in English', async () => {
    const desk = await chromium.newPage({ viewport: { width: 1280, height: 900 } });
    const link = await requestBatch(desk, 'en', 'teacher@school.example');
    await desk.goto(link);
    await desk.getByRole('heading', { name: "A class's entry" }).waitFor();
    expect(await desk.getByText('You have not added any works yet.').isVisible()).toBe(true);
    // Sending an empty class is refused with a reason.
    await desk.getByRole('button', { name: "Send the class's entry" }).click();
    await desk.getByText('Please add at least one work first.').waitFor();
    await screenshot(desk, 'class-batch-en-1280');
    await closePage(desk);
  });
});
