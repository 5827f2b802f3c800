import { dict, fill, type Lang } from '#src/i18n/index.ts';
import type { EntryRecord } from './entry.ts';
import { regionName } from '#src/platform/regions.ts';

/**
 * How an artist is named in public (gallery, feeds, share images, catalogue): first name and the
 * initial of the surname, age, town (the region when the town is unknown). Never the full surname,
 * e-mail, birth date or school. "Do not publish my name" leaves only age and region.
 */
export type CreditFields = Pick<EntryRecord, 'firstName' | 'surname' | 'age' | 'region' | 'town' | 'hideName'>;

export function publicName(entry: Pick<EntryRecord, 'firstName' | 'surname'>): string {
  const initial = [...entry.surname.trim()][0];
  return initial ? `${entry.firstName.trim()} ${initial.toLocaleUpperCase('cs')}.` : entry.firstName.trim();
}

export function publicCredit(entry: CreditFields, lang: Lang): string {
  const age = fill(dict(lang).gallery.age, { age: entry.age });
  const region = regionName(entry.region, lang);
  if (entry.hideName) return `${age}, ${region}`;
  return `${publicName(entry)}, ${age}, ${entry.town.trim() || region}`;
}
