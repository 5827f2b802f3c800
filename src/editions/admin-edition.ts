import type { Db } from '#src/platform/db.ts';
import { currentEdition, getEdition, listEditions, type Edition } from './edition.ts';

/** The edition an organiser page works on: `?edition=` when it exists, else the current one. */
export async function pickEdition(db: Db, url: URL): Promise<{ edition: Edition | undefined; editions: Edition[] }> {
  const asked = Number(url.searchParams.get('edition'));
  const edition = (Number.isInteger(asked) && asked > 0 ? await getEdition(db, asked) : undefined) ?? await currentEdition(db);
  return { edition, editions: await listEditions(db) };
}
