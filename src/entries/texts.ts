import { ENTRY_LIMITS, entryTextParams } from '#src/editions/entry-limits.ts';
import { dict, fillTree, plural, type Lang } from '#src/i18n/index.ts';

/**
 * The entry form's texts in one language, with the limits they name filled in
 * (editions/entry-limits.ts) and the edition's page limit in the right plural form.
 */
export function entryTexts(lang: Lang, maxPages: number = ENTRY_LIMITS.pagesMax) {
  const t = dict(lang);
  const limits = { ...entryTextParams(lang), pagesUpTo: plural(t.enter.pagesUpTo, maxPages, lang) };
  return { enter: fillTree(t.enter, limits), errors: fillTree(t.errors, limits) };
}
