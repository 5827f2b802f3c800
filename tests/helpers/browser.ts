import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '#src/platform/chromium.ts';
import { ROOT } from './site.ts';

export const ARTIFACTS = join(ROOT, 'artifacts');

export async function browser(): Promise<Browser> {
  return launchChromium();
}

/** Saves a screenshot under artifacts/ so a person can look at what the test saw. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
