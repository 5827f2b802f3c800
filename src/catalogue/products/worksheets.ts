/**
 * Class handouts: each activity of the catalogue for teachers as a worksheet with the works it
 * refers to (by reference, else up to four works of its categories from the catalogue), their
 * pictures small enough for an office printer, the questions with room to write, and the help
 * contacts. Only works that may be printed, credited as in public.
 *
 * Plain, erasable TypeScript only.
 */
import type { Lang } from '#src/i18n/config.ts';
import type { Db } from '#src/platform/db.ts';
import type { Edition } from '#src/editions/edition.ts';
import { categoryLabel } from '#src/editions/categories.ts';
import { publicCredit } from '#src/entries/credit.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import type { Box } from '#src/artworks/print-size.ts';
import { namesEntry, type ActivityLink } from '../book.ts';
import { catalogueSelection } from '../works.ts';
import { placeInBox, printImageSrc, type PlacedImage } from '../layout.ts';

/** Office printers: 200 dpi is plenty, and keeps the PDF light for e-mail. */
export const WORKSHEET_DPI = 200;
const WORKSHEET_QUALITY = 82;
export const WORKSHEET_PICTURE: Box = { width: 80, height: 95 };
/** At most this many works per handout when an activity names a whole category. */
export const WORKS_PER_SHEET = 4;

export interface WorksheetWork extends PlacedImage {
  entry: EntryRecord;
  src: string;
  credit: string;
  category: string;
}

export interface Worksheet {
  activity: ActivityLink;
  works: WorksheetWork[];
}

export async function worksheets(db: Db, edition: Edition, lang: Lang, activities: ActivityLink[]): Promise<Worksheet[]> {
  const printable = (await catalogueSelection(db, edition.id)).map((s) => s.entry);
  return activities.map((activity) => {
    const named = printable.filter((e) => namesEntry(activity.works, e.reference));
    const chosen = named.length ? named : printable.filter((e) => activity.categories.includes(e.category)).slice(0, WORKS_PER_SHEET);
    return {
      activity,
      works: chosen.flatMap((entry) => {
        const page = entry.pages[0];
        if (!page) return [];
        const placed = placeInBox(page.width, page.height, WORKSHEET_PICTURE, WORKSHEET_DPI);
        return [{ ...placed, entry, src: printImageSrc(entry.id, page.pageNo, placed.pixelWidth, WORKSHEET_QUALITY), credit: publicCredit(entry, lang), category: categoryLabel(edition, entry.category, lang) }];
      }),
    };
  });
}
