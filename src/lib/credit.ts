import { dict, fill, type Lang } from '../i18n/index.ts';
import type { EntryRecord } from './entry.ts';
import { regionName } from './regions.ts';

/**
 * How an artist is named in public (gallery, feeds, catalogue): first name and the initial of the
 * surname, age, region. Never the full surname, e-mail or school.
 */
export function publicName(entry: Pick<EntryRecord, 'firstName' | 'surname'>): string {
  const initial = [...entry.surname.trim()][0];
  return initial ? `${entry.firstName.trim()} ${initial.toLocaleUpperCase('cs')}.` : entry.firstName.trim();
}

export function publicCredit(entry: Pick<EntryRecord, 'firstName' | 'surname' | 'age' | 'region'>, lang: Lang): string {
  return `${publicName(entry)}, ${fill(dict(lang).gallery.age, { age: entry.age })}, ${regionName(entry.region, lang)}`;
}
