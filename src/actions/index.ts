import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { isLang } from '../i18n/index.ts';
import { authenticate, sessionEpoch, signInSchema } from '../lib/accounts.ts';
import { accountKey, clearFailures, ipKey, recordFailure, waitFor } from '../lib/sign-in-throttle.ts';
import { decide } from '../lib/review.ts';
import { backofficeActions } from './backoffice.ts';
import { requireOrganiser } from './guard.ts';
import { getApp } from '../lib/app.ts';
import { confirmGuardianConsent, withdrawConsent } from '../lib/consent.ts';
import { TEXT_FIELDS } from '../lib/entry.ts';
import { createEdition, makeCurrent, updateEdition } from '../lib/edition.ts';
import { editionIdSchema, parseEditionForm, readEditionForm } from '../lib/edition-form.ts';
import { submitEntry } from '../lib/intake.ts';
import { tourActions } from './tour.ts';
import { catalogueActions } from './catalogue.ts';
import { RateLimiter } from '../lib/rate-limit.ts';
import { siteOrigin } from '../lib/same-origin.ts';

let entryLimiter: RateLimiter | undefined;
/** New entries per IP address and hour (ENTRY_RATE_LIMIT): stops a bot without a CAPTCHA service. */
const entriesPerIp = () => (entryLimiter ??= new RateLimiter(getApp().config.ENTRY_RATE_LIMIT, 3600_000));

export const server = {
  ...tourActions,
  ...catalogueActions,
  ...backofficeActions,
  submitEntry: defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const lang = isLang(form.get('lang')) ? String(form.get('lang')) : 'cs';
      const refuse = (errors: Awaited<ReturnType<typeof submitEntry>> & { ok: false }) => {
        // Give the typed values back so the form can be shown again filled in (never the files).
        const values: Record<string, string> = {};
        for (const f of TEXT_FIELDS) {
          const v = form.get(f);
          if (typeof v === 'string') values[f] = v.slice(0, 2000);
        }
        return { ok: false as const, errors: errors.errors, values };
      };
      const slot = entriesPerIp().check(ctx.clientAddress);
      if (!slot.ok) return refuse({ ok: false, errors: { form: { key: 'rateLimited', params: { minutes: Math.ceil(slot.retryAfterSec / 60) } } } });
      const result = await submitEntry(getApp(), form, lang, siteOrigin(ctx.request, getApp().config.BASE_URL));
      // Stored entries count, and so do refused pictures (they cost the most work); typos do not.
      if (result.ok || result.errors.pages) entriesPerIp().record(ctx.clientAddress);
      if (!result.ok) return refuse(result);
      return {
        ok: true as const,
        reference: result.reference,
        statusPath: result.statusToken ? `/${lang}/status/${result.statusToken}` : undefined,
        needsGuardian: Number(form.get('age')) < 15,
      };
    },
  }),

  /** A guardian confirms consent from the link in their e-mail (a button, so mail scanners' clicks do nothing). */
  confirmConsent: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), lang: z.enum(['cs', 'en']).catch('cs') }),
    handler: ({ token, lang }) => {
      const r = confirmGuardianConsent(getApp().db, token, lang);
      return r.ok ? { ok: true as const } : { ok: false as const, reason: r.reason };
    },
  }),

  withdrawConsent: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), lang: z.enum(['cs', 'en']).catch('cs') }),
    handler: ({ token, lang }) => {
      const r = withdrawConsent(getApp().db, token, lang);
      return r.ok ? { ok: true as const } : { ok: false as const, reason: r.reason };
    },
  }),

  signIn: defineAction({
    accept: 'form',
    input: signInSchema,
    handler: async ({ email, password }, ctx) => {
      const db = getApp().db;
      // Throttled per account and per address; a throttled attempt gets the same answer as a wrong
      // password, and its password is not even checked.
      const keys = [accountKey(email), ipKey(ctx.clientAddress)];
      if (waitFor(db, keys) > 0) {
        recordFailure(db, [ipKey(ctx.clientAddress)]);
        throw new ActionError({ code: 'UNAUTHORIZED', message: 'badLogin' });
      }
      const account = authenticate(db, email, password);
      if (!account) {
        recordFailure(db, keys);
        throw new ActionError({ code: 'UNAUTHORIZED', message: 'badLogin' });
      }
      clearFailures(db, accountKey(email));
      // A new session id at sign-in, so a planted cookie cannot ride along; the epoch lets
      // "sign out everywhere" void it later.
      await ctx.session?.regenerate();
      ctx.session?.set('accountId', account.id);
      ctx.session?.set('epoch', sessionEpoch(db, account.id));
      return { email: account.email, role: account.role };
    },
  }),

  signOut: defineAction({
    accept: 'form',
    handler: async (_input, ctx) => {
      ctx.session?.destroy();
      return { ok: true };
    },
  }),

  /** Creates (no id) or changes an edition; organisers only. */
  saveEdition: defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      await requireOrganiser(ctx);
      const values = readEditionForm(form);
      const parsed = parseEditionForm(values);
      if (!parsed.ok) return { ok: false as const, errors: parsed.errors, values };
      const db = getApp().db;
      const rawId = form.get('id');
      const id = rawId ? editionIdSchema.safeParse(rawId) : undefined;
      if (id && !id.success) throw new ActionError({ code: 'BAD_REQUEST', message: 'Bad edition id.' });
      const current = form.get('makeCurrent') === 'on';
      const saved = id?.success ? updateEdition(db, id.data, parsed.input) : createEdition(db, parsed.input, { current });
      if (!saved) throw new ActionError({ code: 'NOT_FOUND', message: 'No such edition.' });
      if (current) makeCurrent(db, saved.id);
      return { ok: true as const, id: saved.id };
    },
  }),

  /** One entry's decision from its page: a reason code from the editable list is needed to reject. */
  reviewEntry: defineAction({
    accept: 'form',
    input: z.object({
      id: z.coerce.number().int().positive(),
      decision: z.enum(['accepted', 'rejected', 'received']),
      reason: z.string().max(40).optional(),
      note: z.string().max(500).optional(),
    }),
    handler: async ({ id, decision, reason, note }, ctx) => {
      const account = await requireOrganiser(ctx);
      const r = decide(getApp().db, { id: account.id, email: account.email }, { ids: [id], decision, reason: reason || undefined, note: note || undefined });
      if (!r.ok && r.error === 'notFound') throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
      return r.ok ? { ok: true as const, id, decision } : { ok: false as const, error: r.error };
    },
  }),
};
