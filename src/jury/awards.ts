import { z } from 'zod';
import type { Db } from '#src/platform/db.ts';
import { readPublic } from '#src/platform/http/public-cache.ts';
import type { Lang } from '#src/i18n/index.ts';
import type { EntryRecord } from '#src/entries/entry.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { publicAwardSql, visibleSql } from '#src/entries/visibility.ts';
import { getEdition } from '#src/editions/edition.ts';
import { resultsPublished } from './publication.ts';
import { localized, localizedField } from '#src/i18n/format.ts';

/** A prize of one edition (1st place, special mention…), named in both languages; `position` orders them. */
export const awardSchema = z.object({
  nameCs: z.string().trim().min(1).max(120),
  nameEn: z.string().trim().min(1).max(120),
  position: z.number().int().min(0).max(1000).default(0),
});
export type AwardInput = z.input<typeof awardSchema>;

export interface Award {
  id: number;
  editionId: number;
  nameCs: string;
  nameEn: string;
  position: number;
}

interface AwardRow {
  id: number;
  edition_id: number;
  name_cs: string;
  name_en: string;
  position: number;
}

const toAward = (r: AwardRow): Award => ({ id: r.id, editionId: r.edition_id, nameCs: r.name_cs, nameEn: r.name_en, position: r.position });

export function awardName(award: Pick<Award, 'nameCs' | 'nameEn'>, lang: Lang): string {
  return localized(localizedField(award, 'name'), lang);
}

export async function listAwards(db: Db, editionId: number): Promise<Award[]> {
  return readPublic(db, `awards ${editionId}`, async () => (await db.all<AwardRow>('SELECT * FROM awards WHERE edition_id = ? ORDER BY position, id', editionId)).map(toAward));
}

export async function getAward(db: Db, id: number): Promise<Award | undefined> {
  const row = await db.get<AwardRow>('SELECT * FROM awards WHERE id = ?', id);
  return row ? toAward(row) : undefined;
}

export async function createAward(db: Db, editionId: number, input: AwardInput): Promise<Award> {
  const a = awardSchema.parse(input);
  const { id } = (await db.get<{ id: number }>(
    'INSERT INTO awards (edition_id, name_cs, name_en, position) VALUES (?, ?, ?, ?) RETURNING id', editionId, a.nameCs, a.nameEn, a.position))!;
  return (await getAward(db, id))!;
}

/**
 * Gives an entry an award (or takes it away with null). The award must belong to the entry's own
 * edition. Returns false when the entry or the award does not exist or they do not fit together.
 */
export async function setAward(db: Db, entryId: number, awardId: number | null): Promise<boolean> {
  return await db.tx(async (db) => {
    const entry = await db.get<{ edition_id: number }>('SELECT edition_id FROM entries WHERE id = ?', entryId);
    if (!entry) return false;
    if (awardId !== null && (await getAward(db, awardId))?.editionId !== entry.edition_id) return false;
    await db.run('UPDATE entries SET award_id = ? WHERE id = ?', awardId, entryId);
    return true;
  });
}

/**
 * The awards the public may see: an edition's awards once its results are published, else none
 * (awards are drafts until then; the rule is entries/visibility.ts).
 */
export async function publicAwards(db: Db, editionId: number): Promise<Award[]> {
  return (await resultsPublished(db, editionId)) ? await listAwards(db, editionId) : [];
}

/**
 * An award of an edition, from the kept list: what a public page shows for a work whose award the
 * public rule has let through (`publicArtwork`'s `publicAwardId`); nothing for null.
 */
export async function editionAward(db: Db, editionId: number, awardId: number | null): Promise<Award | undefined> {
  return awardId === null ? undefined : (await listAwards(db, editionId)).find((a) => a.id === awardId);
}

/**
 * How many other works of the same group (category × age group of the edition) already hold this
 * award: two "1st place" in one group is usually a slip, so giving it again asks first.
 */
export async function duplicatePlacements(db: Db, entryId: number, awardId: number): Promise<number> {
  const e = await db.get<{ edition_id: number; category: string; age: number }>('SELECT edition_id, category, age FROM entries WHERE id = ?', entryId);
  if (!e) return 0;
  const group = (await getEdition(db, e.edition_id))?.ageGroups.find((g) => e.age >= g.min && e.age <= g.max);
  return (await db.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM entries WHERE edition_id = ? AND category = ? AND age BETWEEN ? AND ? AND award_id = ? AND id <> ? AND status = 'accepted'`,
    e.edition_id, e.category, group?.min ?? e.age, group?.max ?? e.age, awardId, entryId,
  ))!.n;
}

export interface Winner {
  award: Award;
  entries: EntryRecord[];
}

/**
 * The winners page of an edition: each award with its public works, in award order, once the
 * results are published (nothing before). Empty awards are left out.
 */
export async function winners(db: Db, editionId: number): Promise<Winner[]> {
  const rows = await db.all<{ id: number; award_id: number }>(
    `SELECT id, award_id FROM entries WHERE edition_id = ? AND ${publicAwardSql()} AND ${visibleSql('public')} ORDER BY seq`, editionId);
  const entries = new Map((await getEntriesByIds(db, rows.map((r) => r.id))).map((e) => [e.id, e]));
  return (await listAwards(db, editionId))
    .map((award) => ({ award, entries: rows.filter((r) => r.award_id === award.id).map((r) => entries.get(r.id)!).filter(Boolean) }))
    .filter((w) => w.entries.length > 0);
}

/** The demo edition's prizes. */
export const DEMO_AWARDS: { nameCs: string; nameEn: string }[] = [
  { nameCs: '1. místo', nameEn: '1st place' },
  { nameCs: '2. místo', nameEn: '2nd place' },
  { nameCs: '3. místo', nameEn: '3rd place' },
  { nameCs: 'Zvláštní uznání', nameEn: 'Special mention' },
];

/**
 * Gives an edition the demo prizes and hands them to its first public works (1st, 2nd, 3rd and two
 * special mentions), published, so the winners page and the award facet have something to show. Does nothing
 * when the edition has awards already.
 */
export async function seedDemoAwards(db: Db, editionId: number): Promise<number> {
  if ((await listAwards(db, editionId)).length > 0) return 0;
  return await db.tx(async (db) => {
    const awards = [];
    for (const [i, a] of DEMO_AWARDS.entries()) awards.push(await createAward(db, editionId, { ...a, position: i + 1 }));
    const publicIds = (await db
      .all<{ id: number }>(`SELECT id FROM entries WHERE edition_id = ? AND ${visibleSql('public')} ORDER BY seq`, editionId))
      .map((r) => r.id);
    // Spread over the list so the winners are not simply the first cards of the gallery.
    const picks = [1, 3, 6, 8, 12].filter((i) => i < publicIds.length);
    const plan = [awards[0]!, awards[1]!, awards[2]!, awards[3]!, awards[3]!];
    for (const [i, p] of picks.entries()) await setAward(db, publicIds[p]!, plan[i]!.id);
    // The demo's results are out: its winners page and award facet show them.
    await db.run(`UPDATE editions SET results_published_at = ct_now() WHERE id = ?`, editionId);
    return picks.length;
  });
}
