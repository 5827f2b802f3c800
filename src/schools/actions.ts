import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { DEFAULT_LANG, isLang, LANGS } from '#src/i18n/config.ts';
import { getApp } from '#src/platform/app.ts';
import { echoFields } from '#src/platform/form-input.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';
import { RateLimiter } from '#src/platform/http/rate-limit.ts';
import { currentEdition } from '#src/editions/edition.ts';
import { windowError, submitEntry } from '#src/entries/intake.ts';
import { isChosenFile, needsGuardian, TEXT_FIELDS } from '#src/entries/entry.ts';
import { judgeUpload } from '#src/artworks/images.ts';
import { BATCH_FIELDS, batchForToken, batchRequestSchema, batchWorks, createBatch, sendBatch } from './batches.ts';
import { queueBatchLinkMail, queueBatchSentMail } from './batch-mail.ts';
import { classConsentWays, consentForm, expectPaperForm, rejectConsentForm, saveClassConsentWays, storeSignedForm, verifyConsentForm } from './consent-forms.ts';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { idField } from '#src/platform/form-input.ts';
import { getEdition } from '#src/editions/edition.ts';
import { ActionError } from 'astro:actions';

const ticked = z.preprocess((v) => v === 'on', z.boolean());
const langOf = (v: unknown) => (isLang(v) ? v : DEFAULT_LANG);
/** Batches asked for per IP address and hour: each sends a mail to the address typed. */
const requestsPerIp = new RateLimiter('class-batches', 10, 3600_000);

/** A teacher's class batch: asking for one by e-mail, adding pupils' works by its link, sending it. */
export const schoolActions = {
  requestClassBatch: access('public', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const { db, config } = getApp();
      const lang = langOf(form.get('lang'));
      const values = echoFields(form, BATCH_FIELDS);
      const slot = await requestsPerIp.check(db, ctx.clientAddress);
      if (!slot.ok) return { ok: false as const, errors: { form: 'rateLimited' }, values };
      const edition = await currentEdition(db);
      if (windowError(edition) || !edition) return { ok: false as const, errors: { form: 'closed' }, values };
      const parsed = batchRequestSchema(edition.categories.map((c) => c.code)).safeParse(Object.fromEntries(BATCH_FIELDS.map((f) => [f, form.get(f) ?? ''])));
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= ['email', 'tooLong'].includes(issue.message) ? issue.message : 'required';
        return { ok: false as const, errors, values };
      }
      const base = siteOrigin(ctx.request, config.BASE_URL).replace(/\/$/, '');
      await db.tx(async (t) => {
        const { batch, token } = await createBatch(t, edition, parsed.data, lang);
        await queueBatchLinkMail(t, batch, `${base}/${lang}/class/${token}`);
      });
      await requestsPerIp.record(db, ctx.clientAddress);
      return { ok: true as const, email: parsed.data.teacherEmail };
    },
  })),

  /** One pupil's work, added through the batch's link: the entry form's own intake, with the batch's id. */
  submitClassWork: access('public', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const { db, config } = getApp();
      const lang = langOf(form.get('lang'));
      const batch = await batchForToken(db, form.get('batchToken'));
      const values = echoFields(form, TEXT_FIELDS);
      if (!batch || batch.state !== 'draft') return { ok: false as const, errors: { form: { key: batch ? ('closed' as const) : ('generic' as const) } }, values };
      const consentWays = await classConsentWays(db, batch.editionId);
      const result = await submitEntry(getApp(), form, lang, siteOrigin(ctx.request, config.BASE_URL), {
        batchId: batch.id,
        consentWays,
        onStored: async (tx, entry) => (entry.onPaper ? expectPaperForm(tx, entry.id) : undefined),
      });
      if (!result.ok) return { ok: false as const, errors: result.errors, values };
      const underAge = needsGuardian(Number(form.get('age')));
      const paperForm = underAge && form.get('consentWay') === 'paper';
      return { ok: true as const, reference: result.reference, needsGuardian: underAge && !paperForm, paperForm };
    },
  })),

  /**
   * The teacher's photo or scan of a signed consent form, for one work of their batch, judged by its
   * bytes like every picture. A work of another batch is the same refusal as a wrong link.
   */
  uploadConsentForm: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), entry: z.coerce.number().int().positive(), lang: z.enum(LANGS).catch(DEFAULT_LANG), form: z.unknown().optional() }),
    handler: async (input) => {
      const app = getApp();
      const batch = await batchForToken(app.db, input.token);
      const inBatch = batch ? await app.db.get<{ id: number }>('SELECT id FROM entries WHERE id = ? AND batch_id = ?', input.entry, batch.id) : undefined;
      if (!batch || !inBatch || !(await consentForm(app.db, input.entry))) return { ok: false as const, entry: input.entry, reason: 'invalid' as const };
      if (!isChosenFile(input.form)) return { ok: false as const, entry: input.entry, reason: 'missing' as const };
      const judged = await judgeUpload(input.form);
      if (!judged.ok) return { ok: false as const, entry: input.entry, reason: judged.reason };
      const stored = await storeSignedForm(app, input.entry, judged.image);
      return stored.ok ? { ok: true as const, entry: input.entry } : { ok: false as const, entry: input.entry, reason: stored.reason };
    },
  })),

  sendClassBatch: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), lang: z.enum(LANGS).catch(DEFAULT_LANG) }),
    handler: async (input) => {
      const { db } = getApp();
      const batch = await batchForToken(db, input.token);
      if (!batch) return { ok: false as const, reason: 'invalid' as const };
      return db.tx(async (t) => {
        const sent = await sendBatch(t, batch.id);
        if (!sent.ok) return sent;
        await queueBatchSentMail(t, sent.batch, await batchWorks(t, batch.id, sent.batch.lang));
        return { ok: true as const };
      });
    },
  })),

  /** Which ways an edition lets teachers bring a guardian's consent for a pupil under 15. */
  saveConsentWays: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: idField, email: ticked, paper: ticked }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const { db } = getApp();
      if (!(await getEdition(db, input.edition))) throw new ActionError({ code: 'NOT_FOUND', message: 'No such edition.' });
      return saveClassConsentWays(db, actorOf(me), input.edition, { email: input.email, paper: input.paper });
    },
  })),

  /** An organiser has read a signed consent form: the guardian's consent, for the uses ticked on it. */
  verifyConsentForm: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ entry: idField, gallery: ticked, catalogue: ticked, exhibition: ticked }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      return verifyConsentForm(getApp().db, actorOf(me), input.entry, { gallery: input.gallery, catalogue: input.catalogue, exhibition: input.exhibition });
    },
  })),

  /** The signed form does not do: the teacher is told why and uploads it again. */
  rejectConsentForm: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ entry: idField, note: z.preprocess((v) => v ?? '', z.string().trim().max(1000)) }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      return rejectConsentForm(getApp().db, actorOf(me), input.entry, input.note);
    },
  })),
};
