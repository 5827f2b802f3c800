import type { Lang } from '#src/i18n/config.ts';
import { localized, type Localized } from '#src/i18n/format.ts';

/** A category of an edition: its code (URLs, exports) and its name in each language. Free of zod: the form imports it. */
export type EditionCategory = Localized & { code: string };

/** The categories every edition starts with. */
export const DEFAULT_CATEGORIES = [
  { code: 'comic', cs: 'Komiks', en: 'Comic', uk: 'Комікс' },
  { code: 'poster', cs: 'Plakát', en: 'Poster', uk: 'Плакат' },
] satisfies EditionCategory[];

/** A category's name as its edition calls it (falling back to the built-in categories, then the code). */
export function categoryLabel(edition: { categories: readonly EditionCategory[] } | undefined, code: string, lang: Lang): string {
  const category = edition?.categories.find((c) => c.code === code) ?? DEFAULT_CATEGORIES.find((c) => c.code === code);
  return category ? localized(category, lang) : code;
}
