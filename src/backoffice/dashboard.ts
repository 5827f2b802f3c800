import type { Db } from '#src/platform/db.ts';
import { getEdition } from '#src/editions/edition.ts';
import { progressByJuror } from '#src/jury/jury.ts';
import { PRINT_ISSUE_SQL } from '#src/entries/review.ts';
import { REGIONS } from '#src/platform/regions.ts';
import { todayInPrague } from '#src/platform/calendar-date.ts';

/** Entries that arrived on each calendar day in Prague (the zone's real offset, summer time included). */
async function perPragueDay(db: Db, editionId: number): Promise<{ key: string; n: number }[]> {
  const days = new Map<string, number>();
  for (const { at } of await db.all<{ at: string }>('SELECT created_at AS at FROM entries WHERE edition_id = ?', editionId)) {
    const day = todayInPrague(new Date(at));
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => ({ key, n }));
}

/** The figures of the organisers' dashboard for one edition. */
export interface Dashboard {
  total: number;
  byStatus: { key: string; n: number }[];
  byCategory: { key: string; n: number }[];
  byAgeGroup: { key: string; n: number }[];
  byRegion: { key: string; n: number }[];
  perDay: { key: string; n: number }[];
  consentPending: number;
  printIssues: number;
  judging: { assigned: number; judged: number };
}

export async function dashboard(db: Db, editionId: number): Promise<Dashboard> {
  const edition = await getEdition(db, editionId);
  const count = async (sql: string, ...p: (string | number)[]) => (await db.get<{ n: number }>(sql, editionId, ...p))!.n;
  const group = async (col: string) => await db.all<{ key: string; n: number }>(`SELECT ${col} AS key, COUNT(*) AS n FROM entries WHERE edition_id = ? GROUP BY key ORDER BY key`, editionId);
  const regionCounts = new Map((await group('region')).map((r) => [r.key, r.n]));
  const jurors = await progressByJuror(db, editionId);
  return {
    total: await count('SELECT COUNT(*) AS n FROM entries WHERE edition_id = ?'),
    byStatus: await Promise.all(['received', 'accepted', 'rejected'].map(async (s) => ({ key: s, n: await count('SELECT COUNT(*) AS n FROM entries WHERE edition_id = ? AND status = ?', s) }))),
    byCategory: await Promise.all((edition?.categories ?? []).map(async (c) => ({ key: c.code, n: await count('SELECT COUNT(*) AS n FROM entries WHERE edition_id = ? AND category = ?', c.code) }))),
    byAgeGroup: await Promise.all((edition?.ageGroups ?? []).map(async (g) => ({ key: `${g.min}-${g.max}`, n: await count('SELECT COUNT(*) AS n FROM entries WHERE edition_id = ? AND age BETWEEN ? AND ?', g.min, g.max) }))),
    byRegion: REGIONS.map((r) => ({ key: r.code, n: regionCounts.get(r.code) ?? 0 })),
    perDay: await perPragueDay(db, editionId),
    consentPending: await count(`SELECT COUNT(*) AS n FROM entries WHERE edition_id = ? AND consent_state = 'awaiting'`),
    printIssues: await count(`SELECT COUNT(*) AS n FROM entries e WHERE e.edition_id = ? AND e.status <> 'rejected' AND ${PRINT_ISSUE_SQL}`),
    judging: {
      assigned: jurors.reduce((a, j) => a + j.assigned, 0),
      judged: jurors.reduce((a, j) => a + j.scored + j.abstained, 0),
    },
  };
}

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A horizontal bar chart as an SVG string, drawn on the server (no script, no CDN). It is
 * decorative for screen readers (aria-hidden): the same figures are in a table next to it.
 */
export function barChartSvg(items: { label: string; n: number }[], opts: { width?: number; barHeight?: number; labelWidth?: number } = {}): string {
  const width = opts.width ?? 640;
  const bar = opts.barHeight ?? 22;
  const gap = 6;
  const labelW = opts.labelWidth ?? 200;
  const max = Math.max(1, ...items.map((i) => i.n));
  const plot = width - labelW - 50;
  const height = items.length * (bar + gap) + gap;
  const rows = items
    .map((it, i) => {
      const y = gap + i * (bar + gap);
      const w = Math.round((it.n / max) * plot);
      return `<text x="${labelW - 8}" y="${y + bar * 0.72}" text-anchor="end" font-size="13">${esc(it.label)}</text>`
        + `<rect x="${labelW}" y="${y}" width="${Math.max(w, it.n > 0 ? 2 : 0)}" height="${bar}" fill="#b3261e" rx="3"/>`
        + `<text x="${labelW + w + 6}" y="${y + bar * 0.72}" font-size="13">${it.n}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" aria-hidden="true" focusable="false" font-family="Noto Sans, sans-serif" fill="#1b1f2a">${rows}</svg>`;
}
