import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '#src/platform/chromium.ts';
import { ROOT, startSite, type Site } from './site.ts';
import { startInbox, type Inbox } from './smtp.ts';

export const ARTIFACTS = join(ROOT, 'artifacts');

export async function browser(): Promise<Browser> {
  return launchChromium();
}

/** Saves a screenshot under artifacts/ so a person can look at what the test saw. */
/**
 * Closes a page without hanging the test. A close that races a navigation's commit is acknowledged
 * and then dropped, and page.close() has no timeout (microsoft/playwright#42068,
 * crbug.com/536385539). So the page first goes to about:blank (no navigation of the site's left to
 * race), then the close is asked for again each second. If Chromium still keeps the page after
 * five requests (CI met this once after a guardian's consent, 1 December), the page is left open:
 * closing it is tidying up, not what a journey checks, and the browser closes with the suite.
 */
export async function closePage(page: Page): Promise<void> {
  if (page.isClosed()) return;
  await page.goto('about:blank', { timeout: 5000 }).catch(() => {});
  for (let attempt = 0; attempt < 5 && !page.isClosed(); attempt++) {
    const closed = page.close().then(() => true, () => true);
    if (await Promise.race([closed, new Promise<boolean>((r) => setTimeout(() => r(false), 1000))])) return;
  }
  if (!page.isClosed()) console.warn(`closePage: Chromium kept ${page.url()} open after five requests to close it; it closes with the browser`);
}

/** A screenshot in artifacts/: the whole page, or with fullPage false only the viewport (a laid-out book is too tall for one picture). */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** A phone as the journeys use it: 390 px wide, touch. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

export interface PhoneJourney {
  site: Site;
  inbox: Inbox;
  chromium: Browser;
  phone: Page;
  /** Closes the browser, the site and the inbox. */
  stop(): Promise<void>;
}

/** What a journey on a phone needs: a site that mails to a loopback SMTP inbox, and a phone page in Chromium. */
export async function phoneJourney(): Promise<PhoneJourney> {
  const inbox = await startInbox();
  const site = await startSite({ env: { SMTP_URL: inbox.url } });
  const chromium = await browser();
  const phone = await chromium.newPage(PHONE);
  return {
    site, inbox, chromium, phone,
    stop: async () => {
      await chromium.close();
      await site.stop();
      await inbox.close();
    },
  };
}
