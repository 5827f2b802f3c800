/**
 * The print-readiness report of every product but the catalogue (readiness.ts), and the one QR
 * rule they share with it: codes pointing at a missing or loopback BASE_URL are an error, which
 * stops printing unless forced.
 *
 * Plain, erasable TypeScript only.
 */
import type { Db } from '#src/platform/db.ts';
import type { Edition } from '#src/editions/edition.ts';
import { isPublicOnceReleased } from '#src/entries/visibility.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { ERROR_DPI, PRINT_DPI } from '#src/artworks/print-size.ts';
import { getStop } from '#src/tour/tour.ts';
import { listSelection } from '../selection.ts';
import { summarise, type ReadinessItem, type ReadinessReport } from '../readiness.ts';
import type { ActivityLink } from '../book.ts';
import { QR_PRODUCTS, type PrintOptions } from './products.ts';
import type { QrBase } from './context.ts';
import { posterArtwork, stopTexts } from './poster.ts';
import { certificates } from './certificates.ts';
import { worksheets } from './worksheets.ts';

/** The QR rule: an error when the codes would lead nowhere. */
export function qrItems(o: PrintOptions, qr: QrBase): ReadinessItem[] {
  if (!QR_PRODUCTS.includes(o.product) || !qr.problem) return [];
  return [{ level: 'error', code: qr.problem === 'missing' ? 'qr-base-missing' : 'qr-base-loopback', params: { base: qr.base } }];
}

/** Before layout: what would make a product wrong or empty, and how many items it will hold. */
export async function productReadiness(db: Db, o: Exclude<PrintOptions, { product: 'catalogue' }>, edition: Edition | undefined, qr: QrBase, activities: ActivityLink[] = []): Promise<ReadinessReport> {
  const items: ReadinessItem[] = [...qrItems(o, qr)];
  if (!edition) return summarise([...items, { level: 'error', code: 'no-edition', params: { year: o.year ?? '' } }], 0);
  let count = 0;
  if (o.product === 'labels') {
    const works = await listSelection(db, edition.id, 'exhibition');
    count = works.length;
    if (count === 0) items.push({ level: 'error', code: 'labels-empty', params: {} });
    for (const { entry } of works) {
      if (!isPublicOnceReleased(entry)) items.push({ level: 'warning', code: 'label-no-qr', entryId: entry.id, params: { title: entry.title, reference: entry.reference } });
    }
  } else if (o.product === 'poster') {
    const stop = await getStop(db, o.stop);
    if (!stop) return summarise([...items, { level: 'error', code: 'no-stop', params: { stop: o.stop } }], 0);
    count = 1;
    if (stop.status === 'cancelled') items.push({ level: 'error', code: 'stop-cancelled', params: { venue: stop.venue } });
    if (!stop.isPublic) items.push({ level: 'warning', code: 'stop-not-public', params: { venue: stop.venue } });
    const texts = await stopTexts(db, stop, o.lang);
    if ((texts.hours && texts.hours.lang !== o.lang) || (texts.access && texts.access.lang !== o.lang)) items.push({ level: 'warning', code: 'not-translated', params: { venue: stop.venue } });
    const art = await posterArtwork(db, o.lang, o.artwork, edition.id);
    if (!art) items.push({ level: 'warning', code: 'no-artwork', params: {} });
    else {
      const dpi = Math.floor(art.masterDpi);
      const base = { title: art.entry.title, reference: art.entry.reference, page: 1, dpi };
      if (dpi < ERROR_DPI) items.push({ level: 'error', code: 'dpi-error', entryId: art.entry.id, params: base });
      else if (dpi < PRINT_DPI) items.push({ level: 'warning', code: 'dpi-warning', entryId: art.entry.id, params: base });
    }
  } else if (o.product === 'certificates') {
    count = (await certificates(db, edition, o.lang)).length;
    if (count === 0) items.push({ level: 'error', code: 'no-participants', params: {} });
  } else if (o.product === 'returnslips' || o.product === 'packinglist') {
    count = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM set_works WHERE set_id = ?', o.set))!.n;
    if (count === 0) items.push({ level: 'error', code: 'labels-empty', params: {} });
  } else if (o.product === 'backlabels' || o.product === 'consentforms') {
    count = (await getEntriesByIds(db, o.entries)).length;
    if (count === 0) items.push({ level: 'error', code: 'labels-empty', params: {} });
  } else {
    const sheets = await worksheets(db, edition, o.lang, activities);
    count = sheets.length;
    if (count === 0) items.push({ level: 'error', code: 'no-activities', params: {} });
    for (const s of sheets) if (s.works.length === 0) items.push({ level: 'warning', code: 'activity-no-works', params: { title: s.activity.title } });
  }
  return summarise(items, count);
}
