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
  | 'toc';

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

function summarise(items: ReadinessItem[], works: number): ReadinessReport {
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
}

export function readinessAfter(facts: LayoutFacts): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  const off = Math.abs(facts.pages - facts.expected);
  // Far more pages than expected usually means statements or pictures that did not fit.
  if (off > Math.max(4, facts.expected * 0.2)) items.push({ level: 'warning', code: 'pages', params: { expected: facts.expected, actual: facts.pages } });
  for (const o of facts.overflows) items.push({ level: 'error', code: 'overflow', params: o });
  for (const s of facts.splitImages) items.push({ level: 'error', code: 'split-image', params: s });
  for (const t of facts.toc) if (t.listed !== t.actual) items.push({ level: 'error', code: 'toc', params: t });
  return items;
}

/**
 * About how many pages the catalogue will take before padding: cover and inside cover, contents,
 * texts starting on right-hand pages, the teachers' chapter, works (a page each plus one per
 * further comic page and per statement that runs over), indexes, partners and colophon, back cover.
 */
export function estimatePages(
  g: Geometry,
  parts: { texts: number; activities: number; sections: number; works: { pages: number; textFits: boolean }[]; indexItems: number },
): number {
  const linesPerPage = Math.floor(g.content.height / (g.fontPt * 1.5 * (25.4 / 72)));
  const tocLines = parts.texts + parts.works.length + parts.sections + 8;
  const toc = Math.ceil(tocLines / linesPerPage);
  let pages = 2 + toc + (toc % 2); // cover, inside cover, contents (ends on an even page)
  pages += parts.texts * 2; // each text on a right-hand page, usually with a blank before the next
  if (parts.activities) pages += Math.ceil(parts.activities * 0.75) + 1;
  pages += 2; // the works' opener on a right-hand page
  pages += parts.sections * 2;
  for (const w of parts.works) pages += w.pages + (w.textFits ? 0 : 1);
  const indexPages = Math.ceil(parts.indexItems / Math.max(1, linesPerPage - 4));
  pages += parts.indexItems ? 2 * Math.max(1, Math.ceil(indexPages / 2)) + 1 : 0;
  pages += 2; // partners and colophon
  pages += 1; // back cover
  return pages;
}
