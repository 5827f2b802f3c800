import { DEFAULT_LANG, isLang, LANGS, localeOf, type Lang } from './config.ts';
import type { Calendar, TextKey } from './types.ts';

/**
 * Text helpers that need no dictionary: islands import these and receive their texts as props,
 * so no island carries a language's whole dictionary.
 */

export type Params = Record<string, string | number>;

/** Fills {placeholders} in a text; unknown ones stay for a later fill. */
export function fill(text: string, values: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (k in values ? String(values[k]) : `{${k}}`));
}

/** Fills the same {placeholders} in every text of a section; the others stay for later. */
export function fillTree<T>(section: T, values: Params): T {
  if (typeof section === 'string') return fill(section, values) as T;
  if (Array.isArray(section)) return section.map((v) => fillTree(v, values)) as T;
  if (section && typeof section === 'object') return Object.fromEntries(Object.entries(section).map(([k, v]) => [k, fillTree(v, values)])) as T;
  return section;
}

/** The text at a dotted key of a section (a key that is not there fails the type check), its numbers filled. */
export function translate<S extends object>(section: S, key: TextKey<S>, params: Params = {}): string {
  let node: unknown = section;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return fill(node as string, params);
}

/**
 * A counted phrase in every plural form Czech, English and Ukrainian use ({n} is the number):
 * Czech "1 strana, 2 strany, 5 stran, 1,5 strany" is one/few/other/many; Ukrainian "1 сторінка,
 * 2 сторінки, 5 сторінок" is one/few/many; English only needs one and other. A form left out is
 * read as `other` (Czech texts may leave out `many`, which only decimals take).
 */
export type PluralForms = { one: string; few: string; many?: string; other: string };

// One set of rules per language, made on first use (a gallery page counts dozens of things).
const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The phrase for `n` in the form the language's plural rules pick (Intl.PluralRules), {n} and `params` filled. */
export function plural(forms: PluralForms, n: number, lang: Lang, params: Params = {}): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(localeOf(lang))));
  const category = rules.select(n);
  const text = forms[category as keyof PluralForms] ?? forms.other;
  return fill(text, { ...params, n });
}

/** The texts an island renders, picked from a section by the keys the island declares. */
export function pick<S extends object, K extends keyof S>(section: S, keys: readonly K[]): Pick<S, K> {
  return Object.fromEntries(keys.map((k) => [k, section[k]])) as Pick<S, K>;
}

/** A calendar date 'YYYY-MM-DD' in words, e.g. "3. května 2026" / "3 May 2026". */
export function formatDayIn(calendar: Calendar, day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return fill(calendar.dayPattern, { d, month: calendar.months[m - 1] ?? '', y });
}

/** A range of calendar dates, shortened when both ends share month and year. */
export function formatDayRangeIn(calendar: Calendar, first: string, last: string): string {
  if (first === last) return formatDayIn(calendar, first);
  if (first.slice(0, 7) === last.slice(0, 7)) return fill(calendar.sameMonthRange, { d1: Number(first.slice(8, 10)), last: formatDayIn(calendar, last) });
  return fill(calendar.range, { first: formatDayIn(calendar, first), last: formatDayIn(calendar, last) });
}

const PRAGUE_WALL_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as a Prague wall-clock date and time, e.g. "31. ledna 2027, 23:59" / "31 January 2027, 23:59". */
export function formatDateTimeIn(calendar: Calendar, iso: string): string {
  const parts = Object.fromEntries(
    PRAGUE_WALL_CLOCK.formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return fill(calendar.dateTime, { date: formatDayIn(calendar, `${parts.year}-${parts.month}-${parts.day}`), time: `${parts.hour}:${parts.minute}` });
}

/** The same page in another language: swaps the first path segment. */
export function switchLangPath(pathname: string, to: Lang): string {
  const parts = pathname.split('/');
  if (!isLang(parts[1])) return `/${to}/`;
  parts[1] = to;
  return parts.join('/');
}

/**
 * A text organisers write in each language (a category, an award, a title): the default
 * language is required, the others may be missing and then read as the default. Records that
 * store one column per language (`titleCs`, `titleEn`) are read through localizedField().
 */
export type Localized = { readonly [L in typeof DEFAULT_LANG]: string } & { readonly [L in Lang]?: string };

/** The one way to read a localized field in a language; a language the value lacks reads as the default. */
export function localized(value: Localized, lang: Lang): string {
  return value[lang] ?? value[DEFAULT_LANG];
}

/** Where a record keeps a localized text as one column per language: `titleCs`, `titleEn`, … */
export type LocalizedColumns<F extends string> = { readonly [L in Lang as `${F}${Capitalize<L>}`]?: string } & {
  readonly [L in typeof DEFAULT_LANG as `${F}${Capitalize<L>}`]: string;
};

/** The Localized value of such a field: a record with `titleCs`, `titleEn` read as `title`. */
export function localizedField<F extends string>(record: LocalizedColumns<F>, field: F): Localized {
  const columns = record as unknown as Record<string, string | undefined>;
  const value = (lang: Lang) => columns[`${field}${lang[0]!.toUpperCase()}${lang.slice(1)}`];
  return Object.fromEntries(LANGS.flatMap((l) => (value(l) === undefined ? [] : [[l, value(l)]]))) as unknown as Localized;
}
