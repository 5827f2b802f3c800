import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { getApp } from '#src/platform/app.ts';
import { idField as id, optionalText } from '#src/platform/form-input.ts';
import { LANGS } from '#src/i18n/config.ts';
import { access } from './action-access.ts';
import { authenticate, inviteAccount, inviteSchema, PASSWORD_MIN, sessionEpoch, setDisabled, setPasswordFromInvite, signInSchema, signOutEverywhere } from './accounts.ts';
import { actorOf, requireAccount, requireOrganiser } from './guard.ts';
import { accountKey, clearFailures, ipKey, recordFailure, waitFor } from './sign-in-throttle.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';

/** Signing in and out, invitations, the organisers' account changes and the admin's language. */
export const accountActions = {
  signIn: access('public', defineAction({
    accept: 'form',
    input: signInSchema,
    handler: async ({ email, password }, ctx) => {
      const db = getApp().db;
      // Throttled per account and per address; a throttled attempt gets the same answer as a wrong
      // password, and its password is not even checked.
      const keys = [accountKey(email), ipKey(ctx.clientAddress)];
      if (await waitFor(db, keys) > 0) {
        await recordFailure(db, [ipKey(ctx.clientAddress)]);
        throw new ActionError({ code: 'UNAUTHORIZED', message: 'badLogin' });
      }
      const account = await authenticate(db, email, password);
      if (!account) {
        await recordFailure(db, keys);
        throw new ActionError({ code: 'UNAUTHORIZED', message: 'badLogin' });
      }
      await clearFailures(db, accountKey(email));
      // A new session id at sign-in, so a planted cookie cannot ride along; the epoch lets
      // "sign out everywhere" void it later.
      await ctx.session?.regenerate();
      ctx.session?.set('accountId', account.id);
      ctx.session?.set('epoch', await sessionEpoch(db, account.id));
      return { email: account.email, role: account.role };
    },
  })),

  signOut: access('public', defineAction({
    accept: 'form',
    handler: async (_input, ctx) => {
      ctx.session?.destroy();
      return { ok: true };
    },
  })),

  /** The admin's language, kept in the session. */
  setAdminLang: access('account', defineAction({
    accept: 'form',
    input: z.object({ lang: z.enum(LANGS) }),
    handler: async ({ lang }, ctx) => {
      await requireAccount(ctx);
      ctx.session?.set('adminLang', lang);
      return { lang };
    },
  })),

  /** Sets the password from an invitation link (no session needed: the link is the proof). */
  setPassword: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), password: z.string().max(200), password2: z.string().max(200) }),
    handler: async ({ token, password, password2 }) => {
      if (password.length < PASSWORD_MIN) return { ok: false as const, reason: 'short' as const };
      if (password !== password2) return { ok: false as const, reason: 'mismatch' as const };
      const r = await setPasswordFromInvite(getApp().db, token, password);
      return r.ok ? { ok: true as const } : { ok: false as const, reason: r.reason };
    },
  })),

  inviteAccount: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ email: z.string().max(254), name: optionalText, role: z.string().max(20) }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const parsed = inviteSchema.safeParse(input);
      if (!parsed.success) return { ok: false as const, reason: 'invalid' as const };
      const lang = (await ctx.session?.get('adminLang')) === 'en' ? 'en' : 'cs';
      const r = await inviteAccount(getApp().db, actorOf(me), parsed.data, siteOrigin(ctx.request, getApp().config.BASE_URL), lang);
      return r.ok ? { ok: true as const, email: parsed.data.email } : { ok: false as const, reason: r.reason };
    },
  })),

  updateAccount: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id, op: z.enum(['disable', 'enable', 'signOutEverywhere']) }),
    handler: async ({ id: accountId, op }, ctx) => {
      const me = await requireOrganiser(ctx);
      if (op === 'signOutEverywhere') return { ok: await signOutEverywhere(getApp().db, actorOf(me), accountId) };
      return { ok: await setDisabled(getApp().db, actorOf(me), accountId, op === 'disable') };
    },
  })),

  /** Any signed-in person can end all of their own sessions (this one too). */
  signOutAll: access('account', defineAction({
    accept: 'form',
    handler: async (_input, ctx) => {
      const me = await requireAccount(ctx);
      await signOutEverywhere(getApp().db, actorOf(me), me.id);
      ctx.session?.destroy();
      return { ok: true };
    },
  })),
};
