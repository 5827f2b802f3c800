import { getSessionAccount, type Account, type Role } from './accounts.ts';
import { getApp } from '#src/platform/app.ts';

interface WithSession {
  session?: { get(key: string): Promise<unknown> } | undefined;
}

/**
 * The account signed in on this request's session, if it is still enabled and the session is not
 * older than its last "sign out everywhere" (the session's epoch must match the account's).
 */
export async function currentAccount(ctx: WithSession): Promise<Account | undefined> {
  const id = await ctx.session?.get('accountId');
  if (typeof id !== 'number') return undefined;
  const epoch = await ctx.session?.get('epoch');
  return await getSessionAccount(getApp().db, id, typeof epoch === 'number' ? epoch : 0);
}

/** Admin paths anyone may open: signing in, "forgot password", the set-password page of a link, the language switch. */
export function isPublicAdminPath(pathname: string): boolean {
  return ['/admin', '/admin/', '/admin/forgot', '/admin/lang'].includes(pathname) || /^\/admin\/password\/[^/]+\/?$/.test(pathname);
}

/** The branded page shown (with status 403) where a role may not go. */
export const FORBIDDEN_PATH = '/admin/forbidden';

/** Pages every signed-in account may open: their own settings and the page that says a page is not theirs. */
const EVERY_ACCOUNT = ['/admin/account', FORBIDDEN_PATH];

/** The jurors' area: the only part of the admin a juror may open. */
export function isJuryPath(pathname: string): boolean {
  return pathname === '/admin/jury' || pathname.startsWith('/admin/jury/');
}

/** Whether a role may open an admin path (public paths aside). Organisers may open everything. */
export function mayOpen(role: Role, pathname: string): boolean {
  return role === 'organiser' || isJuryPath(pathname) || EVERY_ACCOUNT.includes(pathname);
}

/** A safe place to go back to inside the admin (never another site). */
export function safeAdminPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/admin(\/|$|\?)/.test(value) && !value.startsWith('//') && !value.includes('\\') ? value : fallback;
}

/** Where an account lands after signing in. */
export const homeOf = (role: Role): string => (role === 'juror' ? '/admin/jury' : '/admin/entries');

