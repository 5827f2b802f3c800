import type { Lang } from './config.ts';
import cs from './cs/index.ts';
import en from './en/index.ts';
import { formatDateTimeIn, formatDayIn, formatDayRangeIn } from './format.ts';
import type { Calendar, Dict } from './types.ts';

export { DEFAULT_LANG, isLang, LANGS, type Lang } from './config.ts';
export { fill, fillTree, localized, localizedField, pick, plural, switchLangPath, translate, type Localized, type Params, type PluralForms } from './format.ts';
export type { Calendar, Dict, Namespace, TextKey } from './types.ts';

/**
 * Every language's texts, for the server (pages, mails, the catalogue). A language in LANGS
 * without its folder here fails the type check. Islands never import this module.
 */
const dictionaries: Record<Lang, Dict> = { cs, en };

export function dict(lang: Lang): Dict {
  return dictionaries[lang];
}

/** The calendar texts of a language (month names, date patterns): small enough to hand to an island. */
export function calendarOf(lang: Lang): Calendar {
  const { months, dayPattern, sameMonthRange, range, dateTime } = dictionaries[lang];
  return { months, dayPattern, sameMonthRange, range, dateTime };
}

export const formatDay = (day: string, lang: Lang): string => formatDayIn(dictionaries[lang], day);
export const formatDayRange = (first: string, last: string, lang: Lang): string => formatDayRangeIn(dictionaries[lang], first, last);
export const formatDateTime = (iso: string, lang: Lang): string => formatDateTimeIn(dictionaries[lang], iso);
