import type { Db } from '#src/platform/db.ts';
import { currentEdition } from '#src/editions/edition.ts';
import { jurorEditions } from './jury.ts';

/** The edition a juror works in: the one asked for if they are assigned there, else the current one, else their latest. */
export async function jurorEdition(db: Db, accountId: number, asked?: number): Promise<Awaited<ReturnType<typeof jurorEditions>>[number] | undefined> {
  const mine = await jurorEditions(db, accountId);
  const cur = await currentEdition(db);
  return mine.find((e) => e.id === asked) ?? mine.find((e) => e.id === cur?.id) ?? mine[0];
}
