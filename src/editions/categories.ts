import type { Lang } from '#src/i18n/config.ts';
import { localized, type Localized } from '#src/i18n/format.ts';

/** A category of an edition: its code (URLs, exports) and its name in each language. Free of zod: the form imports it. */
export type EditionCategory = Localized & { code: string };

/** The categories every edition starts with. */
export const DEFAULT_CATEGORIES = [
  { code: 'comic', cs: 'Komiks', en: 'Comic', uk: 'Комікс' },
  { code: 'poster', cs: 'Plakát', en: 'Poster', uk: 'Плакат' },
] satisfies EditionCategory[];

/**
 * A category's name as its edition calls it in the language; where the edition has no name in that language, the
 * built-in category's (an edition made before Ukrainian still reads "Комікс"), then the edition's default, then the code.
 */
export function categoryLabel(edition: { categories: readonly EditionCategory[] } | undefined, code: string, lang: Lang): string {
  const own = edition?.categories.find((c) => c.code === code);
  const builtIn = DEFAULT_CATEGORIES.find((c) => c.code === code);
  const fallback = builtIn ?? own;
  return own?.[lang] ?? (fallback ? localized(fallback, lang) : code);
}
