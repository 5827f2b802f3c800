import cs from './cs.ts';
import en from './en.ts';

/** Shape of a language file: the Czech file is the reference, every other language must match it. */
type Widen<T> = T extends string ? string : T extends readonly (infer U)[] ? Widen<U>[] : { [K in keyof T]: Widen<T[K]> };
export type Dict = Widen<typeof cs>;

import { isLang, type Lang } from './config.ts';
export { DEFAULT_LANG, isLang, LANGS, type Lang } from './config.ts';

const dictionaries: Record<Lang, Dict> = { cs, en };

export function dict(lang: Lang): Dict {
  return dictionaries[lang];
}

/** Fills {placeholders} in a text. */
export function fill(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (k in values ? String(values[k]) : `{${k}}`));
}

/** A calendar date 'YYYY-MM-DD' in words, e.g. "3. května 2026" / "3 May 2026". */
export function formatDay(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const month = dictionaries[lang].months[m - 1];
  return lang === 'cs' ? `${d}. ${month} ${y}` : `${d} ${month} ${y}`;
}

/** A range of calendar dates, shortened when both ends share month and year. */
export function formatDayRange(first: string, last: string, lang: Lang): string {
  if (first === last) return formatDay(first, lang);
  const [y1, m1, d1] = first.split('-').map(Number) as [number, number, number];
  const [y2, m2] = last.split('-').map(Number) as [number, number, number];
  if (y1 === y2 && m1 === m2) {
    return lang === 'cs' ? `${d1}.–${formatDay(last, lang)}` : `${d1}–${formatDay(last, lang)}`;
  }
  return `${formatDay(first, lang)} – ${formatDay(last, lang)}`;
}

/** Fills the same {placeholders} in every text of a dictionary section; the others stay for later. */
export function fillTree<T>(section: T, values: Record<string, string | number>): T {
  if (typeof section === 'string') return fill(section, values) as T;
  if (Array.isArray(section)) return section.map((v) => fillTree(v, values)) as T;
  if (section && typeof section === 'object') return Object.fromEntries(Object.entries(section).map(([k, v]) => [k, fillTree(v, values)])) as T;
  return section;
}

/** Looks up a dotted key such as 'image.corrupt' in a dictionary section and fills its numbers. */
export function translate(section: Record<string, unknown>, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = section;
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' ? fill(node, params) : key;
}

/** The same page in another language: swaps the first path segment. */
export function switchLangPath(pathname: string, to: Lang): string {
  const parts = pathname.split('/');
  if (isLang(parts[1])) parts[1] = to;
  else return `/${to}/`;
  return parts.join('/');
}

/** An instant as a Prague wall-clock date and time, e.g. "31. ledna 2027, 23:59" / "31 January 2027, 23:59". */
export function formatDateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${formatDay(`${parts.year}-${parts.month}-${parts.day}`, lang)}, ${parts.hour}:${parts.minute}`;
}
