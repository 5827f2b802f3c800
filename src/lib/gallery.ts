import { z } from 'zod';
import type { Db, Param } from './db.ts';
import { CATEGORIES, type EntryRecord } from './entry.ts';
import { getEntriesByIds, PUBLIC_CONDITION } from './entry-store.ts';
import { REGION_CODES } from './regions.ts';

/** Age groups the gallery filters by, until editions define their own. */
export const AGE_GROUPS = [
  { id: '6-9', min: 6, max: 9 },
  { id: '10-12', min: 10, max: 12 },
  { id: '13-15', min: 13, max: 15 },
  { id: '16-19', min: 16, max: 19 },
] as const;
export type AgeGroupId = (typeof AGE_GROUPS)[number]['id'];

export const PAGE_SIZE = 24;

// Unknown values are dropped rather than refused: a shared link with an old filter still opens.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);

/** The gallery's filters as they appear in the URL query, so a filtered view can be shared. */
export const galleryQuerySchema = z.object({
  category: optional(z.enum(CATEGORIES)),
  age: optional(z.enum(AGE_GROUPS.map((g) => g.id) as [AgeGroupId, ...AgeGroupId[]])),
  region: optional(z.enum(REGION_CODES)),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type GalleryQuery = z.infer<typeof galleryQuerySchema>;

export function parseGalleryQuery(params: URLSearchParams): GalleryQuery {
  return galleryQuerySchema.parse(Object.fromEntries(params));
}

/** The query string of a gallery view; page 1 and empty filters are left out. */
export function galleryHref(base: string, q: Partial<GalleryQuery>): string {
  const p = new URLSearchParams();
  if (q.category) p.set('category', q.category);
  if (q.age) p.set('age', q.age);
  if (q.region) p.set('region', q.region);
  if (q.page && q.page > 1) p.set('page', String(q.page));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

export interface GalleryPage {
  entries: EntryRecord[];
  total: number;
  page: number;
  pages: number;
}

/** One page of public entries of an edition matching every chosen filter, in reference order. */
export function queryGallery(db: Db, editionId: number, q: GalleryQuery, pageSize = PAGE_SIZE): GalleryPage {
  const where = ['edition_id = ?', PUBLIC_CONDITION];
  const params: Param[] = [editionId];
  if (q.category) {
    where.push('category = ?');
    params.push(q.category);
  }
  if (q.region) {
    where.push('region = ?');
    params.push(q.region);
  }
  if (q.age) {
    const g = AGE_GROUPS.find((x) => x.id === q.age)!;
    where.push('age BETWEEN ? AND ?');
    params.push(g.min, g.max);
  }
  const sql = where.join(' AND ');
  const total = db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM entries WHERE ${sql}`, ...params)!.n;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(q.page, pages);
  const ids = db
    .all<{ id: number }>(`SELECT id FROM entries WHERE ${sql} ORDER BY seq LIMIT ? OFFSET ?`, ...params, pageSize, (page - 1) * pageSize)
    .map((r) => r.id);
  return { entries: getEntriesByIds(db, ids), total, page, pages };
}
