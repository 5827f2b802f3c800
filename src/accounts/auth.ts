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

/** Admin paths anyone may open: the sign-in page and the set-password page of an invitation. */
export function isPublicAdminPath(pathname: string): boolean {
  return pathname === '/admin' || pathname === '/admin/' || /^\/admin\/password\/[^/]+\/?$/.test(pathname);
}

/** The jurors' area: the only part of the admin a juror may open. */
export function isJuryPath(pathname: string): boolean {
  return pathname === '/admin/jury' || pathname.startsWith('/admin/jury/');
}

/** Whether a role may open an admin path (public paths aside). Organisers may open everything. */
export function mayOpen(role: Role, pathname: string): boolean {
  return role === 'organiser' || isJuryPath(pathname) || pathname === '/admin/lang';
}

/** A safe place to go back to inside the admin (never another site). */
export function safeAdminPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/admin(\/|$|\?)/.test(value) && !value.startsWith('//') && !value.includes('\\') ? value : fallback;
}

/** Where an account lands after signing in. */
export const homeOf = (role: Role): string => (role === 'juror' ? '/admin/jury' : '/admin/entries');

