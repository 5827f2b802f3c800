import { z } from 'zod';
import type { Db, Param } from '#src/platform/db.ts';
import { dict, plural, type Lang } from '#src/i18n/index.ts';
import { DEFAULT_CATEGORIES } from '#src/editions/categories.ts';
import { ageGroupCode, currentEdition, DEFAULT_AGE_GROUPS, listEditions, type Edition } from '#src/editions/edition.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import { countWhere, entriesPage } from '#src/entries/entry-store.ts';
import { readPublic } from '#src/platform/http/public-cache.ts';
import { REGION_CODES } from '#src/platform/regions.ts';
import { publicAwardSql, visibleSql } from '#src/entries/visibility.ts';

export const PAGE_SIZE = 24;

/** What the facets of one edition offer: its own categories, its own age groups, its awards. */
export interface GalleryFacets {
  categories: string[];
  ageGroups: { min: number; max: number }[];
  awardIds: number[];
}

export const DEFAULT_FACETS: GalleryFacets = {
  categories: DEFAULT_CATEGORIES.map((c) => c.code),
  ageGroups: DEFAULT_AGE_GROUPS,
  awardIds: [],
};

export function editionFacets(edition: Pick<Edition, 'categories' | 'ageGroups'>, awardIds: number[] = []): GalleryFacets {
  return { categories: edition.categories.map((c) => c.code), ageGroups: edition.ageGroups, awardIds };
}

/** The award facet: any awarded work, or one award by id. */
export const ANY_AWARD = 'any';

// Unknown values are dropped rather than refused: a shared link with an old filter still opens.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);
const oneOf = (values: string[]) => optional(z.string().refine((v) => values.includes(v)));

/** The gallery's filters as they appear in the URL query, so a filtered view can be shared. */
export function galleryQuerySchema(f: GalleryFacets) {
  return z.object({
    edition: optional(z.coerce.number().int().min(2000).max(2100)),
    category: oneOf(f.categories),
    age: oneOf(f.ageGroups.map(ageGroupCode)),
    region: optional(z.enum(REGION_CODES)),
    award: oneOf([ANY_AWARD, ...f.awardIds.map(String)]),
    page: z.coerce.number().int().min(1).max(10_000).catch(1),
  });
}
export type GalleryQuery = z.infer<ReturnType<typeof galleryQuerySchema>>;

// A schema per set of facets, made once: zod compiles an object schema at its first parse, which
// cost about a millisecond per gallery page when the schema was made for each request.
const querySchemas = new Map<string, ReturnType<typeof galleryQuerySchema>>();

export function parseGalleryQuery(params: URLSearchParams, facets: GalleryFacets = DEFAULT_FACETS): GalleryQuery {
  const key = JSON.stringify(facets);
  let schema = querySchemas.get(key);
  if (!schema) {
    if (querySchemas.size >= 64) querySchemas.delete(querySchemas.keys().next().value!);
    querySchemas.set(key, (schema = galleryQuerySchema(facets)));
  }
  return schema.parse(Object.fromEntries(params));
}

/** The edition a gallery or winners URL asks for (`?edition=2025`), else the current one. */
export async function requestedEdition(db: Db, params: URLSearchParams): Promise<Edition | undefined> {
  const year = Number(params.get('edition'));
  const asked = Number.isInteger(year) && year > 0 ? (await listEditions(db)).find((e) => e.year === year) : undefined;
  return asked ?? await currentEdition(db);
}

/** The query string of a gallery view; page 1, empty filters and the current edition are left out. */
export function galleryHref(base: string, q: Partial<GalleryQuery>): string {
  const p = new URLSearchParams();
  if (q.edition) p.set('edition', String(q.edition));
  if (q.category) p.set('category', q.category);
  if (q.age) p.set('age', q.age);
  if (q.region) p.set('region', q.region);
  if (q.award) p.set('award', q.award);
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
export async function queryGallery(db: Db, editionId: number, q: GalleryQuery, pageSize = PAGE_SIZE): Promise<GalleryPage> {
  const where = ['edition_id = ?', visibleSql('public')];
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
    const [min, max] = q.age.split('-').map(Number);
    where.push('age BETWEEN ? AND ?');
    params.push(min!, max!);
  }
  // Only published awards filter (drafts must not be found by trying ids).
  if (q.award === ANY_AWARD) where.push(publicAwardSql());
  else if (q.award) {
    where.push(publicAwardSql(), 'award_id = ?');
    params.push(Number(q.award));
  }
  const sql = where.join(' AND ');
  // The count is kept while the public content stays the same (a filter's facets are a short list
  // of valid values, so the keys are few): paging through a filter then costs one statement a
  // page. The first page of a filter reads its count beside its rows.
  const count = () => readPublic(db, `gallery count ${sql} ${params.join(' ')}`, () => countWhere(db, sql, params));
  const [total, found] = await Promise.all([count(), entriesPage(db, sql, params, pageSize, (q.page - 1) * pageSize)]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end (an old link after works were withdrawn) shows the last one.
  const page = Math.min(q.page, pages);
  const entries = page === q.page ? found : await entriesPage(db, sql, params, pageSize, (page - 1) * pageSize);
  return { entries, total, page, pages };
}

/** "3 strany" / "3 pages": how many pages a comic has, with the language's plural form. */
export function pagesCount(n: number, lang: Lang): string {
  return plural(dict(lang).gallery.pagesCount, n, lang);
}
