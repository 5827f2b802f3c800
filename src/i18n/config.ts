/**
 * The site's languages, in one place: URLs (/cs/…, /en/…), Astro's i18n, every language switch and
 * form that names a language read this list. The first is the default. Adding a language is one
 * entry here plus one folder of dictionaries (docs/architecture.md, "Adding a language").
 */
export const LANGS = ['cs', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG = LANGS[0];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}
