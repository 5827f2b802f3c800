import type { Db } from '#src/platform/db.ts';
import type { EntryRecord } from './entry.ts';
import { publicAwardSql } from './visibility.ts';

/** The name of an entry's award in a language, once the edition's results are published (drafts stay unseen). */
export async function awardName(db: Db, entry: Pick<EntryRecord, 'id'>, lang: string): Promise<string | undefined> {
  const row = await db.get<{ name_cs: string; name_en: string }>(
    `SELECT a.name_cs, a.name_en FROM entries JOIN awards a ON a.id = entries.award_id WHERE entries.id = ? AND ${publicAwardSql()}`,
    entry.id,
  );
  return row ? (lang === 'en' ? row.name_en : row.name_cs) : undefined;
}
