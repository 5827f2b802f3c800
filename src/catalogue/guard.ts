import type { Db } from '#src/platform/db.ts';
import { currentAccount } from '#src/accounts/auth.ts';
import { PRINT_KEY_COOKIE, printKeyValid } from './access.ts';

interface Ctx {
  session?: { get(key: string): Promise<unknown> } | undefined;
  cookies: { get(name: string): { value: string } | undefined };
}

/** The print route and its pictures: a signed-in organiser, or the catalogue command's key. */
export async function mayOpenPrint(ctx: Ctx, db: Db): Promise<boolean> {
  if (await printKeyValid(db, ctx.cookies.get(PRINT_KEY_COOKIE)?.value)) return true;
  return (await currentAccount(ctx))?.role === 'organiser';
}
