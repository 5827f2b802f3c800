/**
 * The A3 poster of one tour stop: where (venue, address, town), when (the dates in the poster's
 * language), opening hours and access, an artwork chosen by the organisers with its caption, and
 * a QR code to the stop's public page. Opening hours and access are typed by organisers in Czech
 * on the stop; a poster in another language uses the translation kept with the catalogue settings
 * (typed in the admin beside the poster) and otherwise prints the Czech text, marked as Czech.
 *
 * Plain, erasable TypeScript only.
 */
import { formatHours } from '#src/tour/opening-hours.ts';
import { formatDayRange, type Lang } from '#src/i18n/index.ts';
import { DEFAULT_LANG } from '#src/i18n/config.ts';
import { regionName } from '#src/platform/regions.ts';
import type { Db } from '#src/platform/db.ts';
import { getStop, type TourStop } from '#src/tour/tour.ts';
import { getEntry } from '#src/entries/entry-store.ts';
import { isVisible } from '#src/entries/visibility.ts';
import { publicCredit } from '#src/entries/credit.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import { PRINT_DPI, type Box } from '#src/artworks/print-size.ts';
import { placeInBox, printImageSrc, type PlacedImage } from '../layout.ts';
import { getCatalogueSettings } from '../settings.ts';
import { coverEntry } from '../works.ts';
import { printedUrl, qrSvg, stopUrl } from '../qr.ts';

/** Where the artwork goes on the A3 sheet (millimetres). */
export const POSTER_ARTWORK_BOX: Box = { width: 180, height: 255 };
const POSTER_JPEG_QUALITY = 92;

export interface LocalText {
  text: string;
  /** The language the text is in (the poster's, or Czech when not translated). */
  lang: string;
  translated: boolean;
}

export interface PosterArtwork extends PlacedImage {
  entry: EntryRecord;
  src: string;
  credit: string;
}

export interface Poster {
  stop: TourStop;
  dates: string;
  place: string;
  region: string;
  hours?: LocalText;
  access?: LocalText;
  url?: string;
  printedUrl?: string;
  qr?: string;
  artwork?: PosterArtwork;
}

/** Opening hours and access of a stop in a language: the organisers' translation, else hours by weekday in that language, else the Czech text. */
export async function stopTexts(db: Db, stop: TourStop, lang: Lang): Promise<{ hours?: LocalText; access?: LocalText }> {
  const tr = (await getCatalogueSettings(db)).posters?.[String(stop.id)]?.[lang];
  const pick = (cs: string, translated: string | undefined): LocalText | undefined => {
    if (lang !== DEFAULT_LANG && translated?.trim()) return { text: translated.trim(), lang, translated: true };
    return cs.trim() ? { text: cs.trim(), lang: DEFAULT_LANG, translated: lang === DEFAULT_LANG } : undefined;
  };
  // Hours the organisers typed for this language win; else the hours by weekday, written out in the
  // poster's language (with the organisers' Czech note on a Czech poster); else the Czech note.
  const typed = pick('', tr?.hours);
  const week = stop.hours ? formatHours(stop.hours, lang).join(', ') : '';
  const note = stop.openingHours.trim();
  const hours: LocalText | undefined =
    typed ?? (week ? { text: lang === DEFAULT_LANG && note ? `${week}. ${note}` : week, lang, translated: true } : pick(stop.openingHours, undefined));
  const access = pick(stop.accessibility, tr?.access);
  return { ...(hours ? { hours } : {}), ...(access ? { access } : {}) };
}

/** The artwork a poster shows: the one asked for, else the catalogue's cover; only a printable work. */
export async function posterArtwork(db: Db, lang: Lang, entryId: number | undefined, editionId?: number): Promise<PosterArtwork | undefined> {
  const entry = entryId ? await getEntry(db, entryId) : editionId ? await coverEntry(db, editionId, (await getCatalogueSettings(db)).coverEntryId) : undefined;
  const page = entry?.pages[0];
  if (!entry || !page || !isVisible('printable', entry)) return undefined;
  const placed = placeInBox(page.width, page.height, POSTER_ARTWORK_BOX, PRINT_DPI);
  return { ...placed, entry, src: printImageSrc(entry.id, page.pageNo, placed.pixelWidth, POSTER_JPEG_QUALITY), credit: publicCredit(entry, lang) };
}

/** An entry named on the command line by id or by reference (CT-2026-0001). */
export async function resolveArtwork(db: Db, ref: string): Promise<number | undefined> {
  const row = /^\d{1,9}$/.test(ref.trim())
    ? await db.get<{ id: number }>('SELECT id FROM entries WHERE id = ?', Number(ref))
    : await db.get<{ id: number }>('SELECT id FROM entries WHERE reference = ?', ref.trim().toUpperCase());
  return row?.id;
}

/** Everything the poster of a stop prints; undefined when there is no such stop. */
export async function buildPoster(db: Db, stopId: number, lang: Lang, qrBase: string | undefined, artworkId: number | undefined, editionId: number): Promise<Poster | undefined> {
  const stop = await getStop(db, stopId);
  if (!stop) return undefined;
  // A school-only stop has no public page: no code that would lead nowhere.
  const url = qrBase && stop.isPublic ? stopUrl(qrBase, lang, stop.id) : undefined;
  const artwork = await posterArtwork(db, lang, artworkId, editionId);
  return {
    stop,
    dates: formatDayRange(stop.firstDay, stop.lastDay, lang),
    place: [stop.address, stop.town].filter((s) => s.trim()).join(', '),
    region: regionName(stop.region, lang),
    ...(await stopTexts(db, stop, lang)),
    ...(url ? { url, printedUrl: printedUrl(url), qr: await qrSvg(url) } : {}),
    ...(artwork ? { artwork } : {}),
  };
}
