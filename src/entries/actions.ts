import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { DEFAULT_LANG, isLang, LANGS } from '#src/i18n/config.ts';
import { getApp } from '#src/platform/app.ts';
import { echoFields, idField as id, idList, optionalText } from '#src/platform/form-input.ts';
import { RateLimiter } from '#src/platform/http/rate-limit.ts';
import { decideGuardianConsent, TOKEN, usesOf, withdrawConsent, type GuardianDecision } from './consent.ts';
import { correctByArtist } from './entry-status.ts';
import { queueConsentOutcomeMails } from './intake-mail.ts';
import { createToken } from '#src/platform/tokens.ts';
import { needsGuardian, TEXT_FIELDS, type EntryRecord } from './entry.ts';
import { submitEntry } from './intake.ts';
import { decide, editTexts, newReasonCode, saveReason } from './review.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';

let entryLimiter: RateLimiter | undefined;
/** New entries per IP address and hour (ENTRY_RATE_LIMIT): stops a bot without a CAPTCHA service. */
const entriesPerIp = () => (entryLimiter ??= new RateLimiter('entries', getApp().config.ENTRY_RATE_LIMIT, 3600_000));

/** The artist's entry and the guardian's consent (public), and the organisers' review of entries. */
export const entryActions = {
  submitEntry: access('public', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const lang = isLang(form.get('lang')) ? String(form.get('lang')) : DEFAULT_LANG;
      const refuse = (errors: Awaited<ReturnType<typeof submitEntry>> & { ok: false }) => {
        return { ok: false as const, errors: errors.errors, values: echoFields(form, TEXT_FIELDS) };
      };
      const slot = await entriesPerIp().check(getApp().db, ctx.clientAddress);
      if (!slot.ok) return refuse({ ok: false, errors: { form: { key: 'rateLimited', params: { minutes: Math.ceil(slot.retryAfterSec / 60) } } } });
      const result = await submitEntry(getApp(), form, lang, siteOrigin(ctx.request, getApp().config.BASE_URL));
      // Stored entries count, and so do pictures refused here (they cost the most work); typos do not,
      // nor pages uploaded in the background, which counted when they were uploaded.
      const judgedHere = form.getAll('pageRefs').length === 0;
      if (result.ok || (result.errors.pages && judgedHere)) await entriesPerIp().record(getApp().db, ctx.clientAddress);
      if (!result.ok) return refuse(result);
      return {
        ok: true as const,
        reference: result.reference,
        statusPath: result.statusToken ? `/${lang}/status/${result.statusToken}` : undefined,
        needsGuardian: needsGuardian(Number(form.get('age'))),
      };
    },
  })),

  /**
   * An organiser enters a work that came by post with only a paper form on its back: the entry form's
   * own intake, with the paper form's consents recorded by this organiser (no guardian link).
   */
  submitPaperEntry: access('organiser', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const account = await requireOrganiser(ctx);
      const lang = isLang(form.get('lang')) ? String(form.get('lang')) : DEFAULT_LANG;
      const result = await submitEntry(getApp(), form, lang, siteOrigin(ctx.request, getApp().config.BASE_URL), { paper: { organiserEmail: account.email } });
      if (!result.ok) return { ok: false as const, errors: result.errors, values: echoFields(form, TEXT_FIELDS) };
      return { ok: true as const, reference: result.reference, statusPath: `/admin/entries/${result.id}`, needsGuardian: false };
    },
  })),

  /**
   * A guardian decides from the link in their e-mail (buttons, so mail scanners' clicks do nothing):
   * consent with the uses they tick (gallery, catalogue, exhibition), or refuse. The artist is told.
   * A form without the `uses` marker (an older page) consents to what the artist chose.
   */
  confirmConsent: access('public', defineAction({
    accept: 'form',
    input: z.object({
      token: z.string().max(100),
      lang: z.enum(LANGS).catch(DEFAULT_LANG),
      decision: z.enum(['consent', 'refuse']).catch('consent'),
      uses: z.string().max(10).nullish(),
      gallery: z.string().max(10).nullish(),
      catalogue: z.string().max(10).nullish(),
      exhibition: z.string().max(10).nullish(),
    }),
    handler: async (input, ctx) => {
      const { db, config } = getApp();
      const base = siteOrigin(ctx.request, config.BASE_URL).replace(/\/$/, '');
      const choose = (entry: EntryRecord): GuardianDecision =>
        input.decision === 'refuse'
          ? { consent: false }
          : { consent: true, uses: input.uses ? { gallery: input.gallery === 'on', catalogue: input.catalogue === 'on', exhibition: input.exhibition === 'on' } : usesOf(entry) };
      const r = await decideGuardianConsent(db, input.token, choose, input.lang, async (t, entry, decided) => {
        const statusUrl = `${base}/${entry.lang}/status/${await createToken(t, TOKEN.status, entry.id)}`;
        const withdrawUrl = decided === 'consented' ? `${base}/${input.lang}/withdraw/${await createToken(t, TOKEN.withdraw, entry.id)}` : undefined;
        await queueConsentOutcomeMails(t, entry, { decided, uses: usesOf(entry), guardianLang: input.lang, statusUrl, ...(withdrawUrl ? { withdrawUrl } : {}) });
      });
      return r.ok ? { ok: true as const, decided: r.decided } : { ok: false as const, reason: r.reason };
    },
  })),

  /** The artist corrects the work's texts by the status link, until the organisers decide. */
  correctEntry: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), title: z.string().max(2000), statement: z.string().max(5000), altText: z.string().max(5000) }),
    handler: async ({ token, ...texts }) => {
      const r = await correctByArtist(getApp().db, token, texts);
      return r.ok ? r : { ...r, values: texts };
    },
  })),

  withdrawConsent: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), lang: z.enum(LANGS).catch(DEFAULT_LANG) }),
    handler: async ({ token, lang }) => {
      const r = await withdrawConsent(getApp().db, token, lang);
      return r.ok ? { ok: true as const } : { ok: false as const, reason: r.reason };
    },
  })),

  /** One entry's decision from its page: a reason code from the editable list is needed to reject. */
  reviewEntry: access('organiser', defineAction({
    accept: 'form',
    input: z.object({
      id: z.coerce.number().int().positive(),
      decision: z.enum(['accepted', 'rejected', 'received']),
      reason: z.string().max(40).optional(),
      note: z.string().max(500).optional(),
    }),
    handler: async ({ id, decision, reason, note }, ctx) => {
      const account = await requireOrganiser(ctx);
      const r = await decide(getApp().db, actorOf(account), { ids: [id], decision, reason: reason || undefined, note: note || undefined }, siteOrigin(ctx.request, getApp().config.BASE_URL));
      if (!r.ok && r.error === 'notFound') throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
      // A refused decision gives back what was chosen and typed, so nothing has to be entered again.
      return r.ok ? { ok: true as const, id, decision } : { ok: false as const, error: r.error, values: { reason: reason ?? '', note: note ?? '' } };
    },
  })),

  /**
   * Accept / reject (with a reason) / return to new: one entry (`single` = "id:decision:focusId",
   * the focus being the row to come back to) or the checked ones.
   */
  reviewEntries: access('organiser', defineAction({
    accept: 'form',
    input: z.object({
      ids: idList,
      single: z.preprocess((v) => (v === null ? undefined : v), z.string().regex(/^\d+:(accepted|rejected|received)(:\d*)?$/).optional()),
      decision: z.preprocess((v) => (v === null || v === '' ? undefined : v), z.enum(['accepted', 'rejected', 'received']).optional()),
      reason: optionalText,
      note: optionalText,
    }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      let ids = input.ids;
      let decision = input.decision;
      let focus: number | undefined;
      if (input.single) {
        const [a, b, c] = input.single.split(':');
        ids = [Number(a)];
        decision = b as typeof decision;
        focus = c ? Number(c) : undefined;
      }
      const values = { reason: input.reason ?? '', note: input.note ?? '', ids, single: input.single ?? '' };
      if (!decision || ids.length === 0) return { ok: false as const, error: 'nothingSelected' as const, values };
      const r = await decide(getApp().db, actorOf(me), { ids, decision, reason: input.reason || undefined, note: input.note || undefined }, siteOrigin(ctx.request, getApp().config.BASE_URL));
      if (!r.ok && r.error === 'notFound') throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
      return r.ok ? { ok: true as const, changed: r.changed, focus } : { ok: false as const, error: r.error, values };
    },
  })),

  editEntryTexts: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id, title: z.string().max(2000), statement: z.string().max(5000), altText: z.string().max(5000) }),
    handler: async ({ id: entryId, ...texts }, ctx) => {
      const me = await requireOrganiser(ctx);
      return await editTexts(getApp().db, actorOf(me), entryId, texts);
    },
  })),

  /** Changes a reason, or adds one (its code is made from the Czech label: people never see or type codes). */
  saveReason: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ code: optionalText, labelCs: z.string().max(300), labelEn: z.string().max(300), active: z.preprocess((v) => v === 'on', z.boolean()) }),
    handler: async ({ code, ...input }, ctx) => {
      const me = await requireOrganiser(ctx);
      const db = getApp().db;
      try {
        await saveReason(db, actorOf(me), { ...input, code: code || (await newReasonCode(db, input.labelCs)) });
        return { ok: true as const };
      } catch {
        return { ok: false as const };
      }
    },
  })),
};
