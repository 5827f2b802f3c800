import type { Page } from 'playwright-core';

/** A form field by the start of its visible label (labels end with "*" or "(optional)"). */
export const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));

export interface EntryValues {
  firstName: string;
  surname: string;
  age: string;
  town: string;
  region: string;
  category: 'Poster' | 'Comic';
  title: string;
  statement: string;
  altText: string;
  artistEmail?: string;
  guardianName?: string;
  guardianEmail?: string;
  /** Tick the separate print consent (default yes) */
  consentPrint?: boolean;
}

/** Fills the English entry form the way a person does, by visible labels. */
export async function fillEntryForm(page: Page, v: EntryValues): Promise<void> {
  await field(page, 'First name').fill(v.firstName);
  await field(page, 'Surname').fill(v.surname);
  await field(page, 'Age').fill(v.age);
  await field(page, 'Town or village').fill(v.town);
  await field(page, 'Region').selectOption({ label: v.region });
  await page.getByRole('radio', { name: v.category }).check();
  await field(page, 'Title of the work').fill(v.title);
  await field(page, 'What the work says').fill(v.statement);
  await field(page, 'Description of the picture for blind visitors').fill(v.altText);
  if (v.artistEmail) await field(page, 'Your e-mail').fill(v.artistEmail);
  if (v.guardianName) await field(page, 'Parent’s full name').fill(v.guardianName);
  if (v.guardianEmail) await field(page, 'Parent’s e-mail').fill(v.guardianEmail);
  await page.getByRole('checkbox', { name: /^I agree to my work being published in the online gallery/ }).check();
  await page.getByRole('checkbox', { name: /^I agree to the competition rules/ }).check();
  if (v.consentPrint !== false) await page.getByRole('checkbox', { name: /^I agree to my work being published in the printed catalogue/ }).check();
}
