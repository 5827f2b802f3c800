import type { Db } from '#src/platform/db.ts';
import type { EntryRecord } from './entry.ts';

/** The name of an entry's award in a language, if it has one. */
export async function awardName(db: Db, entry: Pick<EntryRecord, 'awardId'>, lang: string): Promise<string | undefined> {
  if (entry.awardId === null) return undefined;
  const row = await db.get<{ name_cs: string; name_en: string }>('SELECT name_cs, name_en FROM awards WHERE id = ?', entry.awardId);
  return row ? (lang === 'en' ? row.name_en : row.name_cs) : undefined;
}
