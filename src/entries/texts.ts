import { entryTextParams } from '#src/editions/entry-limits.ts';
import { dict, fillTree, type Lang } from '#src/i18n/index.ts';

/** The entry form's texts in one language, with the limits they name filled in (editions/entry-limits.ts). */
export function entryTexts(lang: Lang) {
  const limits = entryTextParams(lang);
  return { enter: fillTree(dict(lang).enter, limits), errors: fillTree(dict(lang).errors, limits) };
}
