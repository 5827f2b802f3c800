/**
 * The print-readiness report. Before rendering: pictures that would print under 300 dpi (warning)
 * or under 150 dpi (error) at their printed size, selected works left out for lack of print consent,
 * missing alt text, statements too long for their page. After rendering: expected versus actual
 * page count, content running over its page, pictures split across pages, and the TOC checked
 * against the pages the titles are really on. Errors stop the catalogue command unless --force.
 *
 * Plain, erasable TypeScript only: the catalogue command runs this file as is.
 */
import { dict, fill, type Lang } from '#src/i18n/index.ts';
import { buildBook, type ActivityLink } from './book.ts';
import { ERROR_DPI, PRINT_DPI, type Geometry } from '#src/artworks/print-size.ts';
import type { Db } from '#src/platform/db.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import { visibleSql } from '#src/entries/visibility.ts';

export type Level = 'error' | 'warning';
export type ReadinessCode =
  | 'dpi-error'
  | 'dpi-warning'
  | 'no-print-consent'
  | 'consent-withdrawn'
  | 'not-accepted'
  | 'no-alt-text'
  | 'statement-long'
  | 'no-image'
  | 'empty'
  | 'pages'
  | 'overflow'
  | 'split-image'
  | 'toc'
  | 'count'
  | 'qr-base-missing'
  | 'qr-base-loopback'
  | 'no-edition'
  | 'labels-empty'
  | 'label-no-qr'
  | 'no-stop'
  | 'stop-cancelled'
  | 'stop-not-public'
  | 'no-artwork'
  | 'not-translated'
  | 'no-participants'
  | 'no-activities'
  | 'activity-no-works';

export interface ReadinessItem {
  level: Level;
  code: ReadinessCode;
  entryId?: number;
  params: Record<string, string | number>;
}

export interface ReadinessReport {
  items: ReadinessItem[];
  errors: number;
  warnings: number;
  works: number;
}

export function summarise(items: ReadinessItem[], works: number): ReadinessReport {
  return { items, works, errors: items.filter((i) => i.level === 'error').length, warnings: items.filter((i) => i.level === 'warning').length };
}

export function reportMessage(item: ReadinessItem, lang: Lang): string {
  return fill(dict(lang).catalogue.report[item.code], item.params);
}

/** What can be judged before anything is laid out. */
export async function readinessBefore(db: Db, editionId: number, g: Geometry, lang: Lang = 'en', activities: ActivityLink[] = []): Promise<ReadinessReport> {
  const book = await buildBook(db, editionId, lang, g, activities);
  const items: ReadinessItem[] = [];
  if (book.works.length === 0) items.push({ level: 'error', code: 'empty', params: {} });
  for (const w of book.works) {
    const e = w.entry;
    const base = { title: e.title, reference: e.reference };
    if (w.images.length === 0) items.push({ level: 'error', code: 'no-image', entryId: e.id, params: base });
    // The edition's own resolution decides: the screen edition only needs 150 dpi.
    const warnBelow = Math.min(PRINT_DPI, g.dpi);
    for (const img of w.images) {
      const dpi = Math.floor(img.masterDpi);
      if (dpi < ERROR_DPI) items.push({ level: 'error', code: 'dpi-error', entryId: e.id, params: { ...base, page: img.pageNo, dpi } });
      else if (dpi < warnBelow) items.push({ level: 'warning', code: 'dpi-warning', entryId: e.id, params: { ...base, page: img.pageNo, dpi } });
    }
    if (e.altText.trim().length < ENTRY_LIMITS.altTextMin) items.push({ level: 'warning', code: 'no-alt-text', entryId: e.id, params: base });
    if (!w.textFits) items.push({ level: 'warning', code: 'statement-long', entryId: e.id, params: base });
  }
  // Works the organisers chose (or, before they choose, accepted works) that cannot be printed.
  const chose = await db.get('SELECT 1 AS x FROM selections WHERE edition_id = ? AND kind = ?', editionId, 'catalogue') !== undefined;
  const left = await db.all<{ id: number; title: string; reference: string; status: string; consent_print: number; consent_state: string }>(
    chose
      ? `SELECT e.id, e.title, e.reference, e.status, e.consent_print, e.consent_state FROM selections s JOIN entries e ON e.id = s.entry_id
         WHERE s.edition_id = ? AND s.kind = 'catalogue' AND NOT (${visibleSql('printable', 'e')}) ORDER BY s.position`
      : `SELECT id, title, reference, status, consent_print, consent_state FROM entries WHERE edition_id = ? AND status = 'accepted' AND NOT (${visibleSql('printable')}) ORDER BY seq`,
    editionId,
  );
  for (const r of left) {
    const code: ReadinessCode = r.status !== 'accepted' ? 'not-accepted' : r.consent_state === 'withdrawn' ? 'consent-withdrawn' : 'no-print-consent';
    items.push({ level: 'warning', code, entryId: r.id, params: { title: r.title, reference: r.reference } });
  }
  return summarise(items, book.works.length);
}

/** What the laid-out pages told: `inspectLayout` (layout-checks.ts) gathers these in the browser. */
export interface LayoutFacts {
  pages: number;
  expected: number;
  overflows: { page: number; what: string }[];
  splitImages: { page: number }[];
  toc: { title: string; listed: number; actual: number }[];
  /** Items (works, labels, certificates…) the route meant to lay out and those found on the pages. */
  items?: { expected: number; actual: number; what: string };
}

export function readinessAfter(facts: LayoutFacts): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const off = Math.abs(facts.pages - facts.expected);
  // Far more pages than expected usually means statements or pictures that did not fit.
  if (off > Math.max(4, facts.expected * 0.2)) items.push({ level: 'warning', code: 'pages', params: { expected: facts.expected, actual: facts.pages } });
  for (const o of facts.overflows) items.push({ level: 'error', code: 'overflow', params: o });
  for (const s of facts.splitImages) items.push({ level: 'error', code: 'split-image', params: s });
  for (const t of facts.toc) if (t.listed !== t.actual) items.push({ level: 'error', code: 'toc', params: t });
  if (facts.items && facts.items.expected !== facts.items.actual) items.push({ level: 'error', code: 'count', params: facts.items });
  return items;
}

/**
 * About how many pages the catalogue will take before padding: cover, contents, the forewords and
 * chapters flowing one after another, the teachers' chapter, the works' opener, section openers,
 * works (a page each, plus the pages of a comic's further pages and statements that run over),
 * indexes, partners with colophon, back cover.
 */
export function estimatePages(
  g: Geometry,
  parts: { texts: number; activities: number; sections: number; works: { pages: number; textFits: boolean; sequencePages?: number }[]; indexItems: number },
): number {
  const linesPerPage = Math.floor(g.content.height / (g.fontPt * 1.5 * (25.4 / 72)));
  const tocLines = parts.texts + parts.works.length + parts.sections + 8;
  let pages = 1 + Math.ceil(tocLines / linesPerPage); // cover, contents
  pages += Math.max(1, Math.ceil(parts.texts * 0.5)); // short texts flow, about two to a page
  if (parts.activities) pages += Math.ceil(parts.activities * 0.75);
  pages += 1 + parts.sections; // the works' opener, a page per section
  for (const w of parts.works) pages += 1 + (w.sequencePages ?? w.pages - 1) + (w.textFits ? 0 : 1);
  if (parts.indexItems) pages += Math.ceil(parts.indexItems / Math.max(1, linesPerPage - 6));
  pages += 1; // partners and colophon
  pages += 1; // back cover
  return pages;
}
