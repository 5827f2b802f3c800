import { LANGS, type Lang } from './config.ts';
import { formatDateTimeIn, formatDayIn, formatDayRangeIn } from './format.ts';
import type { Calendar, Dict, NamespaceName } from './types.ts';

export { ADMIN_LANGS, CATALOGUE_LANGS, DEFAULT_LANG, isAdminLang, isLang, LANGS, localeOf, ogLocaleOf, type AdminLang, type Lang } from './config.ts';
export { fill, fillTree, localized, localizedField, pick, plural, switchLangPath, translate, type Localized, type Params, type PluralForms } from './format.ts';
export type { Calendar, Dict, Namespace, NamespaceName, TextKey } from './types.ts';

/** What a language's folder exports from its index.ts. */
interface LanguageModule {
  default: Dict;
  /** The language's texts by namespace. */
  namespaces: Record<NamespaceName, object>;
  /** Namespaces drafted by machine translation, waiting for a person's review. */
  machineDrafted?: readonly NamespaceName[];
}

/**
 * Every language's texts, for the server (pages, mails, the catalogue), loaded from the folder
 * named by each entry of LANGS: a language is its config entry plus its folder, nothing else.
 * Each folder's index.ts declares `satisfies Dict`, and a unit test checks that every language
 * has exactly the keys of the Czech reference. Islands never import this module.
 */
const modules = Object.fromEntries(
  await Promise.all(LANGS.map(async (lang) => [lang, (await import(`./${lang}/index.ts`)) as LanguageModule] as const)),
) as Record<Lang, LanguageModule>;
const dictionaries = Object.fromEntries(LANGS.map((l) => [l, modules[l].default])) as Record<Lang, Dict>;

export function dict(lang: Lang): Dict {
  return dictionaries[lang];
}

/** A language's texts by namespace, e.g. for comparing a translation with the Czech reference. */
export function namespacesOf(lang: Lang): Record<NamespaceName, object> {
  return modules[lang].namespaces;
}

/** The namespaces of a language that were drafted by machine and wait for a person's review. */
export function machineDrafted(lang: Lang): readonly NamespaceName[] {
  return modules[lang].machineDrafted ?? [];
}

/** The calendar texts of a language (month names, date patterns): small enough to hand to an island. */
export function calendarOf(lang: Lang): Calendar {
  const { months, dayPattern, sameMonthRange, range, dateTime } = dictionaries[lang];
  return { months, dayPattern, sameMonthRange, range, dateTime };
}

export const formatDay = (day: string, lang: Lang): string => formatDayIn(dictionaries[lang], day);
export const formatDayRange = (first: string, last: string, lang: Lang): string => formatDayRangeIn(dictionaries[lang], first, last);
export const formatDateTime = (iso: string, lang: Lang): string => formatDateTimeIn(dictionaries[lang], iso);
