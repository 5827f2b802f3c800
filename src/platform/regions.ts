import type { Lang } from '#src/i18n/config.ts';
import { localized } from '#src/i18n/format.ts';

/** The 14 Czech regions (kraje), keyed by their CZ-NUTS code letters. */
export const REGIONS = [
  { code: 'PHA', cs: 'Hlavní město Praha', en: 'Prague', uk: 'Прага' },
  { code: 'STC', cs: 'Středočeský kraj', en: 'Central Bohemian Region', uk: 'Середньочеський край' },
  { code: 'JHC', cs: 'Jihočeský kraj', en: 'South Bohemian Region', uk: 'Південночеський край' },
  { code: 'PLK', cs: 'Plzeňský kraj', en: 'Plzeň Region', uk: 'Пльзенський край' },
  { code: 'KVK', cs: 'Karlovarský kraj', en: 'Karlovy Vary Region', uk: 'Карловарський край' },
  { code: 'ULK', cs: 'Ústecký kraj', en: 'Ústí nad Labem Region', uk: 'Устецький край' },
  { code: 'LBK', cs: 'Liberecký kraj', en: 'Liberec Region', uk: 'Ліберецький край' },
  { code: 'HKK', cs: 'Královéhradecký kraj', en: 'Hradec Králové Region', uk: 'Градец-Кралове край' },
  { code: 'PAK', cs: 'Pardubický kraj', en: 'Pardubice Region', uk: 'Пардубицький край' },
  { code: 'VYS', cs: 'Kraj Vysočina', en: 'Vysočina Region', uk: 'Край Височина' },
  { code: 'JHM', cs: 'Jihomoravský kraj', en: 'South Moravian Region', uk: 'Південноморавський край' },
  { code: 'OLK', cs: 'Olomoucký kraj', en: 'Olomouc Region', uk: 'Оломоуцький край' },
  { code: 'ZLK', cs: 'Zlínský kraj', en: 'Zlín Region', uk: 'Злінський край' },
  { code: 'MSK', cs: 'Moravskoslezský kraj', en: 'Moravian-Silesian Region', uk: 'Моравсько-Сілезький край' },
] as const;

export type RegionCode = (typeof REGIONS)[number]['code'];
export const REGION_CODES = REGIONS.map((r) => r.code) as [RegionCode, ...RegionCode[]];

export function regionName(code: string, lang: Lang): string {
  const r = REGIONS.find((x) => x.code === code);
  return r ? localized(r, lang) : code;
}

/** Every region as a choice in a form, named in one language. */
export const regionChoices = (lang: Lang) => REGIONS.map((r) => ({ code: r.code, name: localized(r, lang) }));
