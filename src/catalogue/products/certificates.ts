/**
 * Certificates of participation: one per accepted work of an edition, naming the artist in full
 * (first name and surname), the work and its award, ordered by school (then surname and first
 * name) so that each school's certificates can be posted together. They carry full names, so
 * they are organisers' documents only: the print route opens for organisers and the print key,
 * the PDFs live in the data directory and erasing an entry deletes every PDF that holds it.
 *
 * Plain, erasable TypeScript only.
 */
import type { Lang } from '#src/i18n/config.ts';
import type { Db } from '#src/platform/db.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { awardName, listAwards } from '#src/jury/awards.ts';
import type { Edition } from '#src/editions/edition.ts';
import { categoryLabel } from '#src/editions/categories.ts';

export interface Certificate {
  entryId: number;
  reference: string;
  fullName: string;
  title: string;
  titleLang: string;
  category: string;
  award?: string;
  /** The school as the entry names it ('' when none), and the place of this certificate in its school's bundle. */
  school: string;
  bundle: { index: number; size: number };
}

/** The certificates of an edition: accepted works, by school, surname, first name. */
export async function certificates(db: Db, edition: Edition, lang: Lang): Promise<Certificate[]> {
  const ids = (await db.all<{ id: number }>(`SELECT id FROM entries WHERE edition_id = ? AND status = 'accepted'`, edition.id)).map((r) => r.id);
  const awards = new Map((await listAwards(db, edition.id)).map((a) => [a.id, awardName(a, lang)]));
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  const entries = (await getEntriesByIds(db, ids)).sort(
    (a, b) =>
      // Entries without a school go last, in their own bundle.
      Number(!a.school.trim()) - Number(!b.school.trim()) ||
      collator.compare(a.school.trim(), b.school.trim()) ||
      collator.compare(a.surname, b.surname) ||
      collator.compare(a.firstName, b.firstName) ||
      a.id - b.id,
  );
  const sizes = new Map<string, number>();
  for (const e of entries) sizes.set(e.school.trim(), (sizes.get(e.school.trim()) ?? 0) + 1);
  const seen = new Map<string, number>();
  return entries.map((e) => {
    const school = e.school.trim();
    const index = (seen.get(school) ?? 0) + 1;
    seen.set(school, index);
    const award = e.awardId ? awards.get(e.awardId) : undefined;
    return {
      entryId: e.id,
      reference: e.reference,
      fullName: `${e.firstName.trim()} ${e.surname.trim()}`,
      title: e.title,
      titleLang: e.lang,
      category: categoryLabel(edition, e.category, lang),
      ...(award ? { award } : {}),
      school,
      bundle: { index, size: sizes.get(school)! },
    };
  });
}
