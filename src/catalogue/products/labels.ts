/**
 * Wall labels: one per work of the exhibition selection, in its order, with what a visitor reads
 * next to the original: title, public credit (never a full surname), category and age group, an
 * excerpt of the statement and a QR code to the work's page online (only when that page is public).
 *
 * Plain, erasable TypeScript only.
 */
import { dict, fill, plural, type Lang } from '#src/i18n/index.ts';
import type { Db } from '#src/platform/db.ts';
import type { Edition } from '#src/editions/edition.ts';
import { categoryLabel } from '#src/editions/categories.ts';
import { publicCredit } from '#src/entries/credit.ts';
import { isPublicOnceReleased } from '#src/entries/visibility.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import { listSelection } from '../selection.ts';
import { printedUrl, qrSvg, workUrl } from '../qr.ts';

export interface WallLabel {
  entryId: number;
  reference: string;
  title: string;
  /** The language the artist wrote title and statement in. */
  textLang: string;
  credit: string;
  category: string;
  ageGroup: string;
  excerpt: string;
  award?: string;
  /** The work's public page, when it has one, and its code. */
  url?: string;
  printedUrl?: string;
  qr?: string;
}

/** The age group of the edition an age falls in, as printed ("13–15 let"); the age itself when none does. */
export function ageGroupLabel(edition: Pick<Edition, 'ageGroups'> | undefined, age: number, lang: Lang): string {
  const t = dict(lang).gallery;
  const group = edition?.ageGroups.find((g) => age >= g.min && age <= g.max);
  return group ? fill(t.ageGroupValue, { min: group.min, max: group.max }) : plural(t.age, age, lang);
}

/**
 * One or two sentences of a statement, at most `max` characters: the first sentence, the second
 * too when both fit; a first sentence that is too long is cut at a word and ends with an ellipsis.
 */
export function excerpt(text: string, lang: string, max = 220): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max && countSentences(clean, lang) <= 2) return clean;
  const sentences = [...new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(clean)].map((s) => s.segment.trim()).filter(Boolean);
  const first = sentences[0] ?? '';
  if (first.length > max) {
    const cut = first.slice(0, max - 1);
    const space = cut.lastIndexOf(' ');
    return `${(space > max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/, '')}…`;
  }
  const two = sentences[1] ? `${first} ${sentences[1]}` : first;
  return two.length <= max ? two : first;
}

function countSentences(text: string, lang: string): number {
  return [...new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(text)].filter((s) => s.segment.trim()).length;
}

/** A label's words and link for one work (the code itself is drawn by wallLabels). */
export function labelFor(entry: EntryRecord, edition: Edition | undefined, lang: Lang, qrBase: string | undefined, award?: string): WallLabel {
  const url = qrBase && isPublicOnceReleased(entry) ? workUrl(qrBase, lang, entry.id) : undefined;
  return {
    entryId: entry.id,
    reference: entry.reference,
    title: entry.title,
    textLang: entry.lang,
    credit: publicCredit(entry, lang),
    category: categoryLabel(edition, entry.category, lang),
    ageGroup: ageGroupLabel(edition, entry.age, lang),
    excerpt: excerpt(entry.statement, entry.lang),
    ...(award ? { award } : {}),
    ...(url ? { url, printedUrl: printedUrl(url) } : {}),
  };
}

/** The labels of an edition's exhibition selection, in its order, with their QR codes. */
export async function wallLabels(db: Db, edition: Edition, lang: Lang, qrBase: string | undefined, awards: Map<number, string>): Promise<WallLabel[]> {
  const labels = (await listSelection(db, edition.id, 'exhibition')).map(({ entry }) => labelFor(entry, edition, lang, qrBase, entry.awardId ? awards.get(entry.awardId) : undefined));
  return Promise.all(labels.map(async (l) => (l.url ? { ...l, qr: await qrSvg(l.url) } : l)));
}
