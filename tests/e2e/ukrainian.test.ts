import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, phoneJourney, screenshot, type PhoneJourney } from '../helpers/browser.ts';
import { readRow, type Site } from '../helpers/site.ts';
import { addresses, links, type Inbox } from '../helpers/smtp.ts';

/** A Ukrainian-speaking artist enters on a phone, in Ukrainian, and gets the mail and the status page in Ukrainian. */
let journey: PhoneJourney;
let site: Site;
let inbox: Inbox;
let chromium: Browser;
let phone: Page;
const picture = join(ARTIFACTS, 'uk-poster.png');
const field = (label: string) => phone.getByLabel(new RegExp(`^${label}`));

beforeAll(async () => {
  journey = await phoneJourney();
  ({ site, inbox, chromium, phone } = journey);
  writeFileSync(picture, await sharp({ create: { width: 1000, height: 1400, channels: 3, background: '#0057b7' } }).png().toBuffer());
});
afterAll(() => journey?.stop());

describe('the Ukrainian entry form', () => {
  it('submits an entry, and the mail and status page are in Ukrainian, addressing the artist informally', async () => {
    await phone.goto(`${site.base}/uk/`);
    await phone.getByRole('link', { name: 'Подати роботу' }).first().click();
    await phone.waitForURL('**/uk/enter');
    await field('Ім’я').first().fill('Олена');
    await field('Прізвище').fill('Коваленко');
    await field('Вік').fill('16');
    await field('Населений пункт').fill('Brno');
    await field('Край').selectOption({ label: 'Південноморавський край' });
    await phone.getByRole('radio', { name: 'Плакат' }).check();
    await field('Назва роботи').fill('Не продається');
    await field('Що хоче сказати робота').fill('Ніхто не має права забрати твій паспорт.');
    await field('Опис зображення для незрячих').fill('Синій плакат із замком і телефоном.');
    await field('Додати зображення').setInputFiles([picture]);
    await expect.poll(() => phone.getByRole('list', { name: 'Зображення роботи' }).getByText('Зображення в порядку.').isVisible(), { timeout: 60_000 }).toBe(true);
    await field('Твоя електронна пошта').fill('olena@example.org');
    await phone.getByRole('checkbox', { name: /^Погоджуюся на оприлюднення роботи в онлайн-галереї/ }).check();
    await phone.getByRole('checkbox', { name: /^Погоджуюся з правилами конкурсу/ }).check();
    await screenshot(phone, 'entry-uk-filled-390');
    await phone.getByRole('button', { name: 'Надіслати заявку' }).click();
    await expect.poll(() => phone.getByText('Дякуємо, заявка надійшла').isVisible(), { timeout: 60_000 }).toBe(true);
    const reference = (await phone.locator('.reference').textContent())!.trim();
    const row = (await readRow<{ lang: string; title: string }>(site, 'SELECT lang, title FROM entries WHERE reference = ?', reference))!;
    expect(row).toEqual({ lang: 'uk', title: 'Не продається' });

    const mail = await inbox.waitFor((m) => addresses(m).includes('olena@example.org'));
    expect(mail.subject).toBe(`Твоя заявка ${reference} на конкурс «Намальована правда» надійшла`);
    expect(mail.text).toMatch(/^Добрий день!\n\nДякуємо за заявку твоєї роботи/);
    await phone.goto(links(mail).find((l) => l.includes('/uk/status/'))!);
    expect(await phone.getByRole('heading', { name: 'Стан заявки' }).isVisible()).toBe(true);
    expect(await phone.getByText('Організатори ще не розглянули роботу.', { exact: false }).isVisible()).toBe(true);
    await screenshot(phone, 'status-uk-390');
  });
});
