import type { Lang } from '#src/i18n/config.ts';
import { localized } from '#src/i18n/format.ts';

/** The 14 Czech regions (kraje), keyed by their CZ-NUTS code letters. */
export const REGIONS = [
  { code: 'PHA', cs: 'Hlavní město Praha', en: 'Prague' },
  { code: 'STC', cs: 'Středočeský kraj', en: 'Central Bohemian Region' },
  { code: 'JHC', cs: 'Jihočeský kraj', en: 'South Bohemian Region' },
  { code: 'PLK', cs: 'Plzeňský kraj', en: 'Plzeň Region' },
  { code: 'KVK', cs: 'Karlovarský kraj', en: 'Karlovy Vary Region' },
  { code: 'ULK', cs: 'Ústecký kraj', en: 'Ústí nad Labem Region' },
  { code: 'LBK', cs: 'Liberecký kraj', en: 'Liberec Region' },
  { code: 'HKK', cs: 'Královéhradecký kraj', en: 'Hradec Králové Region' },
  { code: 'PAK', cs: 'Pardubický kraj', en: 'Pardubice Region' },
  { code: 'VYS', cs: 'Kraj Vysočina', en: 'Vysočina Region' },
  { code: 'JHM', cs: 'Jihomoravský kraj', en: 'South Moravian Region' },
  { code: 'OLK', cs: 'Olomoucký kraj', en: 'Olomouc Region' },
  { code: 'ZLK', cs: 'Zlínský kraj', en: 'Zlín Region' },
  { code: 'MSK', cs: 'Moravskoslezský kraj', en: 'Moravian-Silesian Region' },
] as const;

export type RegionCode = (typeof REGIONS)[number]['code'];
export const REGION_CODES = REGIONS.map((r) => r.code) as [RegionCode, ...RegionCode[]];

export function regionName(code: string, lang: Lang): string {
  const r = REGIONS.find((x) => x.code === code);
  return r ? localized(r, lang) : code;
}

/** Every region as a choice in a form, named in one language. */
export const regionChoices = (lang: Lang) => REGIONS.map((r) => ({ code: r.code, name: localized(r, lang) }));
