import { getAccount, type Account } from './accounts.ts';
import { getApp } from './app.ts';

interface WithSession {
  session?: { get(key: string): Promise<unknown> } | undefined;
}

/** The account signed in on this request's session, if it is still enabled. */
export async function currentAccount(ctx: WithSession): Promise<Account | undefined> {
  const id = await ctx.session?.get('accountId');
  return typeof id === 'number' ? getAccount(getApp().db, id) : undefined;
}

/** Admin paths anyone may open: the sign-in page itself. */
export function isPublicAdminPath(pathname: string): boolean {
  return pathname === '/admin' || pathname === '/admin/';
}
