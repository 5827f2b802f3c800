/**
 * The printed consent form of a class's pupil whose guardian consents on paper: one A4 page with
 * the pupil's full name and age, school and class, the work's title, thumbnail, category and
 * reference, the uses asked for as boxes to tick, the public credit the work would carry, lines for
 * the guardian's name, date and signature, and a QR code. The code holds the address of the work in
 * the review queue, so an organiser who scans a returned form lands on its entry (anyone else on the
 * sign-in page). Only the teacher gets it (by the batch's link); it is never cached.
 *
 * Plain, erasable TypeScript only.
 */
import type { Lang } from '#src/i18n/config.ts';
import type { Db } from '#src/platform/db.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import type { Edition } from '#src/editions/edition.ts';
import { categoryLabel } from '#src/editions/categories.ts';
import { publicCredit } from '#src/entries/credit.ts';
import { usesOf, type Uses } from '#src/entries/consent.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { thumbnailDataUri } from '#src/artworks/storage.ts';
import { qrSvg } from '#src/catalogue/qr.ts';

export interface PrintedConsentForm {
  entryId: number;
  reference: string;
  pupil: string;
  age: number;
  school: string;
  title: string;
  category: string;
  credit: string;
  /** The uses asked for on the entry: the guardian ticks those they allow. */
  uses: (keyof Uses)[];
  thumb?: string;
  qr: string;
}

/** The address a form's code holds: the work in the review queue. */
export const reviewUrl = (base: string, entryId: number): string => `${base.replace(/\/+$/, '')}/admin/entries/${entryId}`;

/** The forms of these entries, in the order asked; entries that do not consent on paper are left out. */
export async function printedConsentForms(db: Db, storage: Storage, entryIds: number[], edition: Edition | undefined, lang: Lang, qrBase: string): Promise<PrintedConsentForm[]> {
  const entries = await getEntriesByIds(db, entryIds);
  const paper = new Set((await db.all<{ id: number }>(`SELECT entry_id AS id FROM consent_forms WHERE entry_id IN (${entryIds.map(() => '?').join(', ') || 'NULL'})`, ...entryIds)).map((r) => r.id));
  const classes = new Map(
    (await db.all<{ id: number; school: string; className: string }>(
      `SELECT e.id, b.school, b.class_name AS "className" FROM entries e JOIN class_batches b ON b.id = e.batch_id WHERE e.id IN (${entryIds.map(() => '?').join(', ') || 'NULL'})`,
      ...entryIds,
    )).map((r) => [r.id, `${r.school}, ${r.className}`]),
  );
  const out: PrintedConsentForm[] = [];
  for (const e of entries) {
    if (!paper.has(e.id)) continue;
    const asked = usesOf(e);
    const thumb = await thumbnailDataUri(storage, e.id, e.pages[0]);
    out.push({
      entryId: e.id,
      reference: e.reference,
      pupil: `${e.firstName} ${e.surname}`,
      age: e.age,
      school: classes.get(e.id) ?? e.school,
      title: e.title,
      category: categoryLabel(edition?.id === e.editionId ? edition : undefined, e.category, lang),
      credit: publicCredit({ ...e, hideName: false }, lang),
      uses: (Object.keys(asked) as (keyof Uses)[]).filter((u) => asked[u]),
      ...(thumb ? { thumb } : {}),
      qr: await qrSvg(reviewUrl(qrBase, e.id)),
    });
  }
  return out;
}
