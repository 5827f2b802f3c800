/**
 * Who may open the print route and its pictures: a signed-in organiser (preview in the browser)
 * or the catalogue command, which carries a short-lived key it made in the same database. The
 * public never: the catalogue holds works with print consent that the public gallery may not show.
 *
 * Plain, erasable TypeScript only.
 */
import type { Db } from '#src/platform/db.ts';
import { checkToken, createToken, hashToken } from '#src/platform/tokens.ts';

export const PRINT_KEY_PURPOSE = 'catalogue-print';
export const PRINT_KEY_COOKIE = 'ct_print';

/** A key valid for two hours; expired keys are cleared on the way. */
export async function createPrintKey(db: Db, now: Date = new Date()): Promise<string> {
  await db.run('DELETE FROM tokens WHERE purpose = ? AND expires_at < ?', PRINT_KEY_PURPOSE, now.toISOString());
  return await createToken(db, PRINT_KEY_PURPOSE, 0, 2 / 24, now);
}

export async function revokePrintKey(db: Db, key: string): Promise<void> {
  await db.run('DELETE FROM tokens WHERE purpose = ? AND hash = ?', PRINT_KEY_PURPOSE, hashToken(key));
}

export async function printKeyValid(db: Db, key: string | undefined): Promise<boolean> {
  return key !== undefined && (await checkToken(db, key, PRINT_KEY_PURPOSE)).ok;
}
