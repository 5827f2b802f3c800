/**
 * Labels for the back of posted originals: the entry reference (large, and as a QR code the post
 * desk scans), the category and the public credit, never more (no surname, no school, no title
 * or contact). The code is the address of the post desk with the reference, so a phone that
 * scans it outside the office leads to the sign-in page and nothing else.
 *
 * Plain, erasable TypeScript only.
 */
import type { Lang } from '#src/i18n/config.ts';
import type { Db } from '#src/platform/db.ts';
import type { Edition } from '#src/editions/edition.ts';
import { categoryLabel } from '#src/editions/categories.ts';
import { publicCredit } from '#src/entries/credit.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { qrSvg } from '#src/catalogue/qr.ts';

export interface BackLabel {
  entryId: number;
  reference: string;
  category: string;
  credit: string;
  qr: string;
}

/** The address a label's code holds: the post desk, opened at this reference. */
export const deskUrl = (base: string, reference: string): string => `${base.replace(/\/+$/, '')}/admin/originals?ref=${encodeURIComponent(reference)}`;

/** Labels for entries in the order asked (unknown ids are left out). */
export async function backLabels(db: Db, entryIds: number[], edition: Edition | undefined, lang: Lang, qrBase: string): Promise<BackLabel[]> {
  const entries = await getEntriesByIds(db, entryIds);
  return Promise.all(
    entries.map(async (e) => ({
      entryId: e.id,
      reference: e.reference,
      category: categoryLabel(edition?.id === e.editionId ? edition : undefined, e.category, lang),
      credit: publicCredit(e, lang),
      qr: await qrSvg(deskUrl(qrBase, e.reference)),
    })),
  );
}
