import type { Db } from './db.ts';
import { currentAccount } from './auth.ts';
import { PRINT_KEY_COOKIE, printKeyValid } from './catalogue-access.ts';

interface Ctx {
  session?: { get(key: string): Promise<unknown> } | undefined;
  cookies: { get(name: string): { value: string } | undefined };
}

/** The print route and its pictures: a signed-in organiser, or the catalogue command's key. */
export async function mayOpenPrint(ctx: Ctx, db: Db): Promise<boolean> {
  if (printKeyValid(db, ctx.cookies.get(PRINT_KEY_COOKIE)?.value)) return true;
  return (await currentAccount(ctx))?.role === 'organiser';
}
