import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, screenshot } from '../helpers/browser.ts';
import { startSite, type Site } from '../helpers/site.ts';

let site: Site;
let chromium: Browser;

beforeAll(async () => {
  site = await startSite();
  chromium = await browser();
});
afterAll(async () => {
  await chromium?.close();
  await site?.stop();
});

describe('an unknown address on a phone', () => {
  for (const [lang, path, heading, home, help] of [
    ['cs', '/cs/tahle-stranka-neni', 'Tuhle stránku jsme nenašli', 'Úvodní stránka', 'Potřebuješ pomoc?'],
    ['en', '/en/gallery/9999', 'We could not find this page', 'Home page', 'Need help?'],
    ['uk', '/uk/nema-takoi', 'Цієї сторінки ми не знайшли', 'Головна сторінка', 'Потрібна допомога?'],
  ] as const) {
    it(`gives the branded 404 in ${lang}, with the navigation, the help contacts and a way on`, async () => {
      const context = await chromium.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await context.newPage();
      const response = await page.goto(`${site.base}${path}`);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
      expect(await page.getByRole('heading', { name: help }).isVisible()).toBe(true);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.getByRole('navigation').getByRole('link').count()).toBeGreaterThan(5);
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.map((v) => v.id)).toEqual([]);
      await screenshot(page, `error-404-${lang}-390`);
      await page.getByRole('link', { name: home }).click();
      await page.waitForURL(`**/${lang}/`);
      await context.close();
    });
  }
});
