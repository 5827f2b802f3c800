import { dict, plural, type Lang } from '#src/i18n/index.ts';
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

/** The artist as public lists name them (the catalogue's index of artists); nobody when the name is private. */
export function publicArtist(entry: Pick<EntryRecord, 'firstName' | 'surname' | 'hideName'>): string | undefined {
  return entry.hideName ? undefined : publicName(entry);
}

/** The place the public credit names: the town, or the region when the town is unknown or the name is private. */
export function locality(entry: Pick<EntryRecord, 'town' | 'region' | 'hideName'>, lang: Lang): string {
  return entry.hideName || !entry.town.trim() ? regionName(entry.region, lang) : entry.town.trim();
}

export function publicCredit(entry: CreditFields, lang: Lang): string {
  const age = plural(dict(lang).gallery.age, entry.age, lang);
  const artist = publicArtist(entry);
  return `${artist ? `${artist}, ` : ''}${age}, ${locality(entry, lang)}`;
}
