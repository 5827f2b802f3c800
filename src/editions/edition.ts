import { z } from 'zod';
import type { Db } from '#src/platform/db.ts';
import { readPublic } from '#src/platform/http/public-cache.ts';
import { DEFAULT_CATEGORIES, type EditionCategory } from './categories.ts';
import { ENTRY_LIMITS } from './entry-limits.ts';

/** A category of an edition, with its name in both languages. */
export const categorySchema = z.object({
  code: z.string().trim().regex(/^[a-z0-9-]{1,30}$/),
  cs: z.string().trim().min(1).max(60),
  en: z.string().trim().min(1).max(60),
  /** Names in the other languages are optional: a language without one reads the Czech name. */
  uk: z.string().trim().min(1).max(60).optional(),
});
categorySchema satisfies z.ZodType<EditionCategory>;

/** An age group, e.g. 10–12; its code (`10-12`) is what URLs and exports use. */
/** The youngest and oldest age an edition's age groups may name. */
export const AGE_GROUP_BOUNDS = { min: 4, max: 25 } as const;
const groupAge = z.number().int().min(AGE_GROUP_BOUNDS.min).max(AGE_GROUP_BOUNDS.max);
export const ageGroupSchema = z
  .object({ min: groupAge, max: groupAge })
  .refine((g) => g.max >= g.min, { error: 'ageGroup' });
export type AgeGroup = z.infer<typeof ageGroupSchema>;
export const ageGroupCode = (g: AgeGroup): string => `${g.min}-${g.max}`;

export const DEFAULT_AGE_GROUPS: AgeGroup[] = [
  { min: 6, max: 9 },
  { min: 10, max: 12 },
  { min: 13, max: 15 },
  { min: 16, max: 19 },
];

/** A yearly call of the competition. Open and close are instants (ISO 8601 with offset). */
export const editionSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  titleCs: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().min(1).max(200),
  themeCs: z.string().trim().max(2000).default(''),
  themeEn: z.string().trim().max(2000).default(''),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
  categories: z.array(categorySchema).min(1).max(12).default(DEFAULT_CATEGORIES),
  ageGroups: z.array(ageGroupSchema).min(1).max(12).default(DEFAULT_AGE_GROUPS),
  maxEntriesPerArtist: z.number().int().min(1).max(50).default(3),
  maxPages: z.number().int().min(1).max(ENTRY_LIMITS.pagesMax).default(ENTRY_LIMITS.pagesMax),
});
export type EditionInput = z.input<typeof editionSchema>;

export interface Edition {
  id: number;
  year: number;
  titleCs: string;
  titleEn: string;
  themeCs: string;
  themeEn: string;
  opensAt: string;
  closesAt: string;
  categories: EditionCategory[];
  ageGroups: AgeGroup[];
  maxEntriesPerArtist: number;
  maxPages: number;
  isCurrent: boolean;
}

interface EditionRow {
  id: number;
  year: number;
  title_cs: string;
  title_en: string;
  theme_cs: string;
  theme_en: string;
  opens_at: string;
  closes_at: string;
  categories: string;
  age_groups: string;
  max_entries_per_artist: number;
  max_pages: number;
  is_current: number;
}

const toEdition = (r: EditionRow): Edition => ({
  id: r.id,
  year: r.year,
  titleCs: r.title_cs,
  titleEn: r.title_en,
  themeCs: r.theme_cs,
  themeEn: r.theme_en,
  opensAt: r.opens_at,
  closesAt: r.closes_at,
  categories: JSON.parse(r.categories) as EditionCategory[],
  ageGroups: JSON.parse(r.age_groups) as AgeGroup[],
  maxEntriesPerArtist: r.max_entries_per_artist,
  maxPages: r.max_pages,
  isCurrent: r.is_current === 1,
});

/** The current edition; `version`, when the caller has just read the public content version, lets SQLite keep it too. */
export async function currentEdition(db: Db, version?: number): Promise<Edition | undefined> {
  return readPublic(db, 'current edition', async () => {
    const row = await db.get<EditionRow>('SELECT * FROM editions WHERE is_current = 1 ORDER BY id DESC LIMIT 1');
    return row ? toEdition(row) : undefined;
  }, version);
}

/** Creates an edition; unless told otherwise it becomes the current one. */
export async function createEdition(db: Db, input: EditionInput, opts: { current?: boolean } = {}): Promise<Edition> {
  const e = editionSchema.parse(input);
  const current = opts.current ?? true;
  return await db.tx(async (db) => {
    if (current) await db.run('UPDATE editions SET is_current = 0');
    const { id } = (await db.get<{ id: number }>(
      `INSERT INTO editions (year, title_cs, title_en, theme_cs, theme_en, opens_at, closes_at, categories, age_groups,
         max_entries_per_artist, max_pages, is_current)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      e.year, e.titleCs, e.titleEn, e.themeCs, e.themeEn, e.opensAt, e.closesAt, JSON.stringify(e.categories),
      JSON.stringify(e.ageGroups), e.maxEntriesPerArtist, e.maxPages, current ? 1 : 0,
    ))!;
    return await currentEditionById(db, id);
  });
}

async function currentEditionById(db: Db, id: number): Promise<Edition> {
  return toEdition((await db.get<EditionRow>('SELECT * FROM editions WHERE id = ?', id))!);
}

export async function getEdition(db: Db, id: number): Promise<Edition | undefined> {
  return readPublic(db, `edition ${id}`, async () => {
    const row = await db.get<EditionRow>('SELECT * FROM editions WHERE id = ?', id);
    return row ? toEdition(row) : undefined;
  });
}

/** Every edition, newest first: the current one drives the site, past ones stay browsable. */
export async function listEditions(db: Db): Promise<Edition[]> {
  return readPublic(db, 'editions', async () => (await db.all<EditionRow>('SELECT * FROM editions ORDER BY year DESC, id DESC')).map(toEdition));
}

/** Changes an edition's texts, dates and rules. */
export async function updateEdition(db: Db, id: number, input: EditionInput): Promise<Edition | undefined> {
  const e = editionSchema.parse(input);
  const r = await db.run(
    `UPDATE editions SET year = ?, title_cs = ?, title_en = ?, theme_cs = ?, theme_en = ?, opens_at = ?, closes_at = ?,
       categories = ?, age_groups = ?, max_entries_per_artist = ?, max_pages = ? WHERE id = ?`,
    e.year, e.titleCs, e.titleEn, e.themeCs, e.themeEn, e.opensAt, e.closesAt, JSON.stringify(e.categories),
    JSON.stringify(e.ageGroups), e.maxEntriesPerArtist, e.maxPages, id,
  );
  return r.changes === 1 ? await getEdition(db, id) : undefined;
}

/** Makes one edition the current one (the one the form, gallery and home page show). */
export async function makeCurrent(db: Db, id: number): Promise<boolean> {
  return await db.tx(async (db) => {
    if (!await getEdition(db, id)) return false;
    await db.run('UPDATE editions SET is_current = CASE WHEN id = ? THEN 1 ELSE 0 END', id);
    return true;
  });
}

export type EditionPhase = 'upcoming' | 'open' | 'closed';
export function editionPhase(edition: Pick<Edition, 'opensAt' | 'closesAt'>, now: Date = new Date()): EditionPhase {
  if (now < new Date(edition.opensAt)) return 'upcoming';
  return now < new Date(edition.closesAt) ? 'open' : 'closed';
}

export function isOpen(edition: Edition, now: Date = new Date()): boolean {
  return now >= new Date(edition.opensAt) && now < new Date(edition.closesAt);
}

/** An edition open for the whole current year, so a fresh site can take entries at once. */
export function defaultEdition(now: Date = new Date()): EditionInput {
  const year = now.getUTCFullYear();
  return {
    year,
    titleCs: `Kreslená pravda ${year}`,
    titleEn: `Cartoon Truth ${year}`,
    themeCs: 'Obchod s lidmi očima mladých autorů',
    themeEn: 'Human trafficking through the eyes of young artists',
    opensAt: `${year}-01-01T00:00:00+01:00`,
    closesAt: `${year + 1}-01-31T23:59:59+01:00`,
  };
}
