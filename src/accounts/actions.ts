import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { getApp } from '#src/platform/app.ts';
import { idField as id, optionalText } from '#src/platform/form-input.ts';
import { RateLimiter } from '#src/platform/http/rate-limit.ts';
import { isLang, LANGS } from '#src/i18n/config.ts';
import { access } from './action-access.ts';
import {
  accountLang, authenticate, inviteAccount, inviteSchema, PASSWORD_MIN, requestPasswordReset, ROLES, saveOwnSettings, sessionEpoch, setDisabled,
  setPasswordFromLink, setRole, signInSchema, signOutEverywhere, type Account,
} from './accounts.ts';
import { actorOf, requireAccount, requireOrganiser } from './guard.ts';
import { accountKey, clearFailures, ipKey, recordFailure, waitFor } from './sign-in-throttle.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';

type Session = { regenerate(): Promise<void>; set(key: string, value: unknown): void; get(key: string): Promise<unknown> } | undefined;

/**
 * Starts a signed-in session: a new session id, so a planted cookie cannot ride along; the epoch
 * lets "sign out everywhere" void it later. The admin speaks the account's language unless the
 * person chose one before signing in.
 */
async function startSession(session: Session, account: Account): Promise<void> {
  const chosen = await session?.get('adminLang');
  await session?.regenerate();
  session?.set('accountId', account.id);
  session?.set('epoch', await sessionEpoch(getApp().db, account.id));
  session?.set('adminLang', isLang(chosen) ? chosen : await accountLang(getApp().db, account.id));
}

/** "Forgot password" requests per client address and hour (each account also gets at most a few links an hour). */
const resetsPerIp = new RateLimiter('password-resets', 10, 3600_000);

/** Signing in and out, invitations, password links, the organisers' account changes and everyone's own settings. */
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
      await startSession(ctx.session, account);
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

  /** The admin's language, kept in the session (before signing in too). */
  setAdminLang: access('public', defineAction({
    accept: 'form',
    input: z.object({ lang: z.enum(LANGS) }),
    handler: async ({ lang }, ctx) => {
      ctx.session?.set('adminLang', lang);
      return { lang };
    },
  })),

  /**
   * Sets the password from an invitation or reset link (no session needed: the link is the proof)
   * and signs the person in.
   */
  setPassword: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), password: z.string().max(200), password2: z.string().max(200) }),
    handler: async ({ token, password, password2 }, ctx) => {
      if (password.length < PASSWORD_MIN) return { ok: false as const, reason: 'short' as const };
      if (password !== password2) return { ok: false as const, reason: 'mismatch' as const };
      const db = getApp().db;
      const r = await setPasswordFromLink(db, token, password);
      if (!r.ok) return { ok: false as const, reason: r.reason };
      await clearFailures(db, accountKey(r.account.email));
      await startSession(ctx.session, r.account);
      return { ok: true as const, role: r.account.role };
    },
  })),

  /** "Forgot password": the same answer whether or not the address has an account. */
  requestPasswordReset: access('public', defineAction({
    accept: 'form',
    input: z.object({ email: z.string().trim().max(254) }),
    handler: async ({ email }, ctx) => {
      if (!z.email().safeParse(email).success) throw new ActionError({ code: 'BAD_REQUEST', message: 'email' });
      if (!(await resetsPerIp.take(getApp().db, ctx.clientAddress)).ok) return { ok: false as const, reason: 'tooMany' as const };
      await requestPasswordReset(getApp().db, email, siteOrigin(ctx.request, getApp().config.BASE_URL));
      return { ok: true as const, email };
    },
  })),

  inviteAccount: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ email: z.string().max(254), name: optionalText, role: z.string().max(20).optional(), lang: z.string().max(5).optional() }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      // Unless chosen, the invitation goes out in the inviting organiser's admin language.
      const adminLang = await ctx.session?.get('adminLang');
      const parsed = inviteSchema.safeParse({ ...input, lang: input.lang ?? (isLang(adminLang) ? adminLang : undefined) });
      if (!parsed.success) return { ok: false as const, reason: 'invalid' as const };
      const r = await inviteAccount(getApp().db, actorOf(me), parsed.data, siteOrigin(ctx.request, getApp().config.BASE_URL));
      return r.ok ? { ok: true as const, email: parsed.data.email } : { ok: false as const, reason: r.reason };
    },
  })),

  updateAccount: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id, op: z.enum(['disable', 'enable', 'signOutEverywhere', 'role']), role: z.enum(ROLES).optional() }),
    handler: async ({ id: accountId, op, role }, ctx) => {
      const me = await requireOrganiser(ctx);
      const db = getApp().db;
      if (op === 'signOutEverywhere') return { ok: await signOutEverywhere(db, actorOf(me), accountId) };
      if (op === 'role') return { ok: role !== undefined && (await setRole(db, actorOf(me), accountId, role)) };
      return { ok: await setDisabled(db, actorOf(me), accountId, op === 'disable') };
    },
  })),

  /** Everyone's own settings: the language of their mails, the organisers' daily digest. */
  saveOwnSettings: access('account', defineAction({
    accept: 'form',
    input: z.object({ lang: z.enum(LANGS), digest: z.preprocess((v) => v === 'on', z.boolean()) }),
    handler: async (input, ctx) => {
      const me = await requireAccount(ctx);
      await saveOwnSettings(getApp().db, actorOf(me), input);
      return { ok: true as const };
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
