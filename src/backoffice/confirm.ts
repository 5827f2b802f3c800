import { dict, fill, plural, type Lang } from '#src/i18n/index.ts';
import type { Confirmation } from '#src/jury/publication.ts';

/** What a step that needs a second "yes" says, with how many works it concerns, in the admin's language. */
export function confirmText(c: Confirmation, lang: Lang): string {
  const t = dict(lang).bo.confirm;
  switch (c.kind) {
    case 'unscored':
      return fill(t.unscored, { n: c.n, total: plural(t.worksGen, c.total, lang) });
    case 'ties':
      return fill(t.ties, { works: plural(t.worksGen, c.n, lang) });
    case 'roundOpen':
      return t.roundOpen;
    case 'duplicate':
      return fill(t.duplicate, { works: plural(t.worksDat, c.n, lang) });
  }
}

/** The Action result's confirmations, when it asked for a second "yes". */
export function confirmationsOf(result: { data?: unknown } | undefined): Confirmation[] | undefined {
  const d = result?.data as { ok?: boolean; confirm?: Confirmation[] } | undefined;
  return d && d.ok === false && Array.isArray(d.confirm) ? d.confirm : undefined;
}
