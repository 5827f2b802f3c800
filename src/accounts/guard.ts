import { ActionError } from 'astro:actions';
import type { Account } from './accounts.ts';
import { currentAccount } from './auth.ts';

type Ctx = { session?: { get(key: string): Promise<unknown> } | undefined };

/** The signed-in account, or UNAUTHORIZED. */
export async function requireAccount(ctx: Ctx): Promise<Account> {
  const account = await currentAccount(ctx);
  if (!account) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  return account;
}

/** The signed-in organiser, or an UNAUTHORIZED/FORBIDDEN error. Every organiser Action starts here. */
export async function requireOrganiser(ctx: Ctx): Promise<Account> {
  const account = await requireAccount(ctx);
  if (account.role !== 'organiser') throw new ActionError({ code: 'FORBIDDEN', message: 'Organisers only.' });
  return account;
}

/** The signed-in juror, or an UNAUTHORIZED/FORBIDDEN error. Every scoring Action starts here. */
export async function requireJuror(ctx: Ctx): Promise<Account> {
  const account = await requireAccount(ctx);
  if (account.role !== 'juror') throw new ActionError({ code: 'FORBIDDEN', message: 'Jurors only.' });
  return account;
}

/** Who did it, as the audit log records it. */
export const actorOf = (a: { id: number; email: string }) => ({ id: a.id, email: a.email });
