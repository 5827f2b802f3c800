/**
 * The site's languages, in one place: URLs (/cs/…, /en/…, /uk/…), Astro's i18n, every language
 * switch and form that names a language read this list. The first is the default. Adding a
 * language is one entry here plus one folder of dictionaries named by its code
 * (docs/architecture.md, "Adding a language"); nothing else lists the languages.
 */
const LANGUAGES = {
  cs: { locale: 'cs-CZ', ogLocale: 'cs_CZ', catalogue: true },
  en: { locale: 'en-GB', ogLocale: 'en_GB', catalogue: true },
  /** Public site, entry form, consent and status pages and their mails; the catalogue is printed in Czech and English. */
  uk: { locale: 'uk-UA', ogLocale: 'uk_UA', catalogue: false },
} as const satisfies Record<string, LanguageConfig>;

interface LanguageConfig {
  /** BCP 47 locale for Intl (dates, numbers, plural forms, sorting). */
  locale: string;
  /** Open Graph's og:locale. */
  ogLocale: string;
  /** Whether the printed catalogue and its print products exist in this language. */
  catalogue: boolean;
}

export type Lang = keyof typeof LANGUAGES;
export const LANGS = Object.keys(LANGUAGES) as [Lang, ...Lang[]];
/** The default language: the first entry above (a literal type, so texts keyed by it are required). */
export const DEFAULT_LANG = 'cs' satisfies Lang;
/** Languages the catalogue is printed in (the catalogue command, the admin's jobs and previews). */
export const CATALOGUE_LANGS = LANGS.filter((l) => LANGUAGES[l].catalogue) as [Lang, ...Lang[]];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The Intl locale of a language ('cs-CZ', 'en-GB', 'uk-UA'). */
export const localeOf = (lang: Lang): string => LANGUAGES[lang].locale;
export const ogLocaleOf = (lang: Lang): string => LANGUAGES[lang].ogLocale;

/** The back office's languages: organisers and jurors read it in Czech or English (a public-only language reads it in English). */
export const ADMIN_LANGS = ['cs', 'en'] as const satisfies readonly Lang[];
export type AdminLang = (typeof ADMIN_LANGS)[number];
export function isAdminLang(value: unknown): value is AdminLang {
  return typeof value === 'string' && (ADMIN_LANGS as readonly string[]).includes(value);
}
