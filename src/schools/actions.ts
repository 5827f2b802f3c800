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
import { needsGuardian, TEXT_FIELDS } from '#src/entries/entry.ts';
import { BATCH_FIELDS, batchForToken, batchRequestSchema, batchWorks, createBatch, sendBatch } from './batches.ts';
import { queueBatchLinkMail, queueBatchSentMail } from './batch-mail.ts';

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
      const result = await submitEntry(getApp(), form, lang, siteOrigin(ctx.request, config.BASE_URL), { batchId: batch.id });
      if (!result.ok) return { ok: false as const, errors: result.errors, values };
      return { ok: true as const, reference: result.reference, needsGuardian: needsGuardian(Number(form.get('age'))) };
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
};
