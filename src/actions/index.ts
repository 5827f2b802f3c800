import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { isLang } from '../i18n/index.ts';
import { authenticate, getAccount, signInSchema, type Account } from '../lib/accounts.ts';
import { getApp } from '../lib/app.ts';
import { ENTRY_FIELDS } from '../lib/entry.ts';
import { setStatus } from '../lib/entry-store.ts';
import { submitEntry } from '../lib/intake.ts';
import { tourActions } from './tour.ts';

type Ctx = { session?: { get(key: string): Promise<unknown> } | undefined };

/** The signed-in organiser, or an UNAUTHORIZED/FORBIDDEN error. Every admin Action starts here. */
async function requireOrganiser(ctx: Ctx): Promise<Account> {
  const id = await ctx.session?.get('accountId');
  const account = typeof id === 'number' ? getAccount(getApp().db, id) : undefined;
  if (!account) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (account.role !== 'organiser') throw new ActionError({ code: 'FORBIDDEN', message: 'Organisers only.' });
  return account;
}

export const server = {
  ...tourActions,
  submitEntry: defineAction({
    accept: 'form',
    handler: async (form) => {
      const lang = isLang(form.get('lang')) ? String(form.get('lang')) : 'cs';
      const result = await submitEntry(getApp(), form, lang);
      if (result.ok) return { ok: true as const, reference: result.reference };
      // Give the typed values back so the form can be shown again filled in (never the file).
      const values: Record<string, string> = {};
      for (const f of ENTRY_FIELDS) {
        const v = form.get(f);
        if (typeof v === 'string') values[f] = v.slice(0, 2000);
      }
      return { ok: false as const, errors: result.errors, values };
    },
  }),

  signIn: defineAction({
    accept: 'form',
    input: signInSchema,
    handler: async ({ email, password }, ctx) => {
      const account = authenticate(getApp().db, email, password);
      if (!account) throw new ActionError({ code: 'UNAUTHORIZED', message: 'badLogin' });
      // A new session id at sign-in, so a planted cookie cannot ride along.
      await ctx.session?.regenerate();
      ctx.session?.set('accountId', account.id);
      return { email: account.email };
    },
  }),

  signOut: defineAction({
    accept: 'form',
    handler: async (_input, ctx) => {
      ctx.session?.destroy();
      return { ok: true };
    },
  }),

  reviewEntry: defineAction({
    accept: 'form',
    input: z.object({ id: z.coerce.number().int().positive(), decision: z.enum(['accepted', 'rejected']) }),
    handler: async ({ id, decision }, ctx) => {
      const account = await requireOrganiser(ctx);
      if (!setStatus(getApp().db, id, decision, account.id)) throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
      return { id, decision };
    },
  }),
};
