/**
 * Everything the print route lays out, assembled from the organisers' catalogue selection with the
 * gallery's own rules (public credit, awards, categories): the works in order and sections, with
 * their pictures placed for the chosen format and edition, teacher's questions, and the indexes of
 * artists and towns. Only works that may be printed ever come out of catalogueSelection.
 *
 * Plain, erasable TypeScript only.
 */
import type { Lang } from '#src/i18n/index.ts';
import { awardName, publicAwards } from '#src/jury/awards.ts';
import { catalogueSelection, coverEntry } from './works.ts';
import type { Geometry } from '#src/artworks/print-size.ts';
import { fitMainImage, placeImage, printImageSrc, textHeight, type PlacedImage } from './layout.ts';
import { isPublicOnceReleased } from '#src/entries/visibility.ts';
import { printedUrl, qrSvg, workUrl } from './qr.ts';
import { locality, publicArtist, publicCredit } from '#src/entries/credit.ts';
import type { Db } from '#src/platform/db.ts';
import { getEdition } from '#src/editions/edition.ts';
import { categoryLabel } from '#src/editions/categories.ts';
import type { EntryRecord } from '#src/entries/entry.ts';


/** An activity text as far as works are concerned (see src/content.config.ts). */
export interface ActivityLink {
  id: string;
  title: string;
  works: string[];
  categories: string[];
  questions: string[];
}

export interface BookImage extends PlacedImage {
  pageNo: number;
  src: string;
  /** Pixel size of the master. */
  masterWidth: number;
  masterHeight: number;
}

export interface BookWork {
  entry: EntryRecord;
  anchor: string;
  section: string;
  /** True for the first work of a (non-empty) section: a section opener goes before it. */
  opensSection: boolean;
  award?: string;
  credit: string;
  category: string;
  images: BookImage[];
  /** A comic's further pages as the pages of the book they go on, in reading order. */
  sequence: BookImage[][];
  questions: string[];
  /** Rough share of the statement and questions that fits under the main picture (1 = all). */
  textFits: boolean;
  /** The work's public page and its QR code (see withQrCodes), when it is public. */
  url?: string;
  printedUrl?: string;
  qr?: string;
}

export interface IndexItem {
  label: string;
  refs: { anchor: string; title: string }[];
}

export interface Book {
  works: BookWork[];
  sections: { title: string; anchor: string }[];
  artists: IndexItem[];
  towns: IndexItem[];
  /** Works tied to each activity by reference. */
  activityWorks: Map<string, BookWork[]>;
  /** The work on the cover: the organisers' choice when it is in the book, else the first awarded work, else the first. */
  cover?: BookWork;
}

/** Does an activity's `works` list name this entry (full reference, or the number at its end)? */
export function namesEntry(works: string[], reference: string): boolean {
  const tail = reference.split('-').pop() ?? '';
  return works.some((w) => w === reference || (/^\d+$/.test(w) && Number(w) === Number(tail)));
}

/** Where each page of a work is printed in a geometry, and the picture made for it. */
export function workImages(entry: Pick<EntryRecord, 'id' | 'pages'>, g: Geometry): BookImage[] {
  return entry.pages.map((p, i) => {
    const placed = placeImage(g, p.width, p.height, i === 0);
    return { ...placed, pageNo: p.pageNo, masterWidth: p.width, masterHeight: p.height, src: printImageSrc(entry.id, p.pageNo, placed.pixelWidth, g.jpegQuality) };
  });
}

export async function buildBook(db: Db, editionId: number, lang: Lang, g: Geometry, activities: ActivityLink[] = [], coverEntryId?: number): Promise<Book> {
  const edition = await getEdition(db, editionId);
  // Award marks only once the results are published (the same rule as the gallery's).
  const awards = new Map((await publicAwards(db, editionId)).map((a) => [a.id, awardName(a, lang)]));
  const selection = await catalogueSelection(db, editionId);
  const works: BookWork[] = [];
  const sections: Book['sections'] = [];
  let previous = '';
  for (const { entry, section } of selection) {
    const opensSection = section !== '' && section !== previous;
    previous = section;
    const anchor = `work-${entry.id}`;
    if (opensSection) sections.push({ title: section, anchor: `section-${sections.length + 1}` });
    const images = workImages(entry, g);
    const perPage = g.sequence.columns * g.sequence.rows;
    const sequence: BookImage[][] = [];
    for (let i = 1; i < images.length; i += perPage) sequence.push(images.slice(i, i + perPage));
    const questions = [...new Set(activities.filter((a) => namesEntry(a.works, entry.reference) || a.categories.includes(entry.category)).flatMap((a) => a.questions))];
    const award = entry.awardId ? awards.get(entry.awardId) : undefined;
    // The main picture gives way (down to a share of its box) so the statement and questions stay on its page.
    let textFits = true;
    if (images[0]) {
      const fitted = fitMainImage(g, images[0].printed, textHeight(g, entry.statement, questions, (award ? 1 : 0) + (images.length > 1 ? 1 : 0)));
      images[0] = { ...images[0], printed: fitted.printed };
      textFits = fitted.textFits;
    }
    works.push({
      entry,
      anchor,
      section,
      opensSection,
      award,
      credit: publicCredit(entry, lang),
      category: categoryLabel(edition, entry.category, lang),
      images,
      sequence,
      questions,
      textFits,
    });
  }
  const activityWorks = new Map(activities.map((a) => [a.id, works.filter((w) => namesEntry(a.works, w.entry.reference))]));
  const coverId = (await coverEntry(db, editionId, coverEntryId))?.id;
  const cover = works.find((w) => w.entry.id === coverId);
  return { works, sections, artists: indexBy(works, lang, (w) => publicArtist(w.entry)), towns: indexBy(works, lang, (w) => locality(w.entry, lang)), activityWorks, cover };
}

/** Adds to each work that is public online its address and QR code (none when there is no address to print). */
export async function withQrCodes(book: Book, lang: Lang, qrBase: string | undefined): Promise<Book> {
  if (!qrBase) return book;
  await Promise.all(
    book.works.map(async (w) => {
      if (!isPublicOnceReleased(w.entry)) return;
      w.url = workUrl(qrBase, lang, w.entry.id);
      w.printedUrl = printedUrl(w.url);
      w.qr = await qrSvg(w.url);
    }),
  );
  return book;
}


function indexBy(works: BookWork[], lang: Lang, key: (w: BookWork) => string | undefined): IndexItem[] {
  const map = new Map<string, IndexItem>();
  for (const w of works) {
    const label = key(w);
    if (!label) continue;
    const item = map.get(label) ?? { label, refs: [] };
    item.refs.push({ anchor: w.anchor, title: w.entry.title });
    map.set(label, item);
  }
  const collator = new Intl.Collator(lang === 'cs' ? 'cs' : 'en');
  return [...map.values()].sort((a, b) => collator.compare(a.label, b.label));
}
