import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { inviteAccount, inviteSchema, PASSWORD_MIN, setDisabled, setPasswordFromInvite, signOutEverywhere } from '../lib/accounts.ts';
import { getApp } from '../lib/app.ts';
import { giveAward, changeSelection, saveAward } from '../lib/backoffice-ops.ts';
import { eraseEntry, purgeContacts } from '../lib/erase.ts';
import { juryHandle, resolveJuryHandle } from '../lib/jury-handle.ts';
import { assign, parseRubric, ROUND_STATES, saveScore, setRound, setRubric, unassign } from '../lib/jury.ts';
import { addRedaction, redactPublic, refreshPublicPictures, removeRedaction, setRedactPublic } from '../lib/redaction.ts';
import { decide, editTexts, saveReason } from '../lib/review.ts';
import { SELECTION_KINDS } from '../lib/selection.ts';
import { requireAccount, requireJuror, requireOrganiser } from './guard.ts';
import { siteOrigin } from '../lib/same-origin.ts';

/**
 * The back office's Actions. Each starts with the role check (guard.ts), reads its input with zod
 * and hands the work to a module under src/lib; pages show the result and redirect.
 */
const id = z.coerce.number().int().positive();
const optionalText = z.preprocess((v) => (v === null || v === undefined ? undefined : v), z.string().max(2000).optional());
const idList = z.preprocess((v) => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]), z.array(id).max(500));
const actorOf = (a: { id: number; email: string }) => ({ id: a.id, email: a.email });

export const backofficeActions = {
  /** The admin's language, kept in the session. */
  setAdminLang: defineAction({
    accept: 'form',
    input: z.object({ lang: z.enum(['cs', 'en']) }),
    handler: async ({ lang }, ctx) => {
      await requireAccount(ctx);
      ctx.session?.set('adminLang', lang);
      return { lang };
    },
  }),

  /** Sets the password from an invitation link (no session needed: the link is the proof). */
  setPassword: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100), password: z.string().max(200), password2: z.string().max(200) }),
    handler: ({ token, password, password2 }) => {
      if (password.length < PASSWORD_MIN) return { ok: false as const, reason: 'short' as const };
      if (password !== password2) return { ok: false as const, reason: 'mismatch' as const };
      const r = setPasswordFromInvite(getApp().db, token, password);
      return r.ok ? { ok: true as const } : { ok: false as const, reason: r.reason };
    },
  }),

  inviteAccount: defineAction({
    accept: 'form',
    input: z.object({ email: z.string().max(254), name: optionalText, role: z.string().max(20) }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const parsed = inviteSchema.safeParse(input);
      if (!parsed.success) return { ok: false as const, reason: 'invalid' as const };
      const lang = (await ctx.session?.get('adminLang')) === 'en' ? 'en' : 'cs';
      const r = inviteAccount(getApp().db, actorOf(me), parsed.data, siteOrigin(ctx.request, getApp().config.BASE_URL), lang);
      return r.ok ? { ok: true as const, email: parsed.data.email } : { ok: false as const, reason: r.reason };
    },
  }),

  updateAccount: defineAction({
    accept: 'form',
    input: z.object({ id, op: z.enum(['disable', 'enable', 'signOutEverywhere']) }),
    handler: async ({ id: accountId, op }, ctx) => {
      const me = await requireOrganiser(ctx);
      if (op === 'signOutEverywhere') return { ok: signOutEverywhere(getApp().db, actorOf(me), accountId) };
      return { ok: setDisabled(getApp().db, actorOf(me), accountId, op === 'disable') };
    },
  }),

  /** Any signed-in person can end all of their own sessions (this one too). */
  signOutAll: defineAction({
    accept: 'form',
    handler: async (_input, ctx) => {
      const me = await requireAccount(ctx);
      signOutEverywhere(getApp().db, actorOf(me), me.id);
      ctx.session?.destroy();
      return { ok: true };
    },
  }),

  /** Accept / reject (with a reason) / return to new: one entry (`single` = "id:decision:nextId") or the checked ones. */
  reviewEntries: defineAction({
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
      if (!decision || ids.length === 0) return { ok: false as const, error: 'nothingSelected' as const };
      const r = decide(getApp().db, actorOf(me), { ids, decision, reason: input.reason || undefined, note: input.note || undefined });
      if (!r.ok && r.error === 'notFound') throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
      return r.ok ? { ok: true as const, changed: r.changed, focus } : { ok: false as const, error: r.error };
    },
  }),

  editEntryTexts: defineAction({
    accept: 'form',
    input: z.object({ id, title: z.string().max(2000), statement: z.string().max(5000), altText: z.string().max(5000) }),
    handler: async ({ id: entryId, ...texts }, ctx) => {
      const me = await requireOrganiser(ctx);
      return editTexts(getApp().db, actorOf(me), entryId, texts);
    },
  }),

  redact: defineAction({
    accept: 'form',
    input: z.object({
      id,
      op: z.enum(['add', 'remove', 'public']),
      pageNo: z.coerce.number().int().min(1).max(12).optional(),
      x: z.coerce.number().optional(),
      y: z.coerce.number().optional(),
      w: z.coerce.number().optional(),
      h: z.coerce.number().optional(),
      mode: z.enum(['blur', 'cover']).optional(),
      rect: z.coerce.number().int().positive().optional(),
      public: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
    }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const { config } = getApp();
      if (input.op === 'public') {
        if (!(await setRedactPublic(getApp().db, config.dataDir, actorOf(me), input.id, input.public))) throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
        return { ok: true as const };
      }
      let ok: boolean;
      if (input.op === 'add') {
        // The form gives per cent; the store keeps fractions.
        const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? NaN : v / 100);
        ok = addRedaction(getApp().db, actorOf(me), input.id, { pageNo: input.pageNo ?? 1, x: pct(input.x), y: pct(input.y), w: pct(input.w), h: pct(input.h), mode: input.mode ?? 'blur' }).ok;
      } else {
        ok = input.rect ? removeRedaction(getApp().db, actorOf(me), input.id, input.rect) : false;
      }
      if (ok && redactPublic(getApp().db, input.id)) await refreshPublicPictures(getApp().db, config.dataDir, input.id);
      return ok ? { ok: true as const } : { ok: false as const, error: 'invalid' as const };
    },
  }),

  setEntryAward: defineAction({
    accept: 'form',
    input: z.object({ id, award: z.preprocess((v) => (v === '' || v === null ? null : v), id.nullable()) }),
    handler: async ({ id: entryId, award }, ctx) => {
      const me = await requireOrganiser(ctx);
      return { ok: giveAward(getApp().db, actorOf(me), entryId, award) };
    },
  }),

  saveAward: defineAction({
    accept: 'form',
    input: z.object({
      edition: id,
      award: z.preprocess((v) => (v === '' || v === null ? null : v), id.nullable()),
      nameCs: z.string().max(200),
      nameEn: z.string().max(200),
      position: z.coerce.number().int().min(0).max(1000).catch(0),
    }),
    handler: async ({ edition, award, ...input }, ctx) => {
      const me = await requireOrganiser(ctx);
      return { ok: saveAward(getApp().db, actorOf(me), edition, award, input) };
    },
  }),

  changeSelection: defineAction({
    accept: 'form',
    input: z.object({
      edition: id,
      kind: z.enum(SELECTION_KINDS),
      op: z.enum(['add', 'remove', 'up', 'down', 'section']),
      entry: id.optional(),
      reference: optionalText,
      section: optionalText,
    }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      let entryId = input.entry;
      if (!entryId && input.reference) {
        const ref = input.reference.trim().toUpperCase();
        entryId = getApp().db.get<{ id: number }>('SELECT id FROM entries WHERE edition_id = ? AND (reference = ? OR seq = ?)', input.edition, ref, /^\d+$/.test(ref) ? Number(ref) : -1)?.id;
        if (!entryId) return { ok: false as const, error: 'unknownRef' as const };
      }
      if (!entryId) return { ok: false as const, error: 'unknownRef' as const };
      const change = input.op === 'section' ? { op: 'section' as const, entryId, section: input.section ?? '' } : { op: input.op, entryId };
      return changeSelection(getApp().db, actorOf(me), input.edition, input.kind, change) ? { ok: true as const } : { ok: false as const, error: 'notEligible' as const };
    },
  }),

  eraseEntry: defineAction({
    accept: 'form',
    input: z.object({ id, confirm: z.literal('on', { error: 'confirm' }) }),
    handler: async ({ id: entryId }, ctx) => {
      const me = await requireOrganiser(ctx);
      const r = eraseEntry(getApp().db, getApp().config.dataDir, actorOf(me), entryId);
      if (!r) throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
      return r;
    },
  }),

  saveReason: defineAction({
    accept: 'form',
    input: z.object({ code: z.string().max(40), labelCs: z.string().max(300), labelEn: z.string().max(300), active: z.preprocess((v) => v === 'on', z.boolean()) }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      try {
        saveReason(getApp().db, actorOf(me), input);
        return { ok: true as const };
      } catch {
        return { ok: false as const };
      }
    },
  }),

  saveRubric: defineAction({
    accept: 'form',
    input: z.object({ edition: id, rubric: z.string().max(5000) }),
    handler: async ({ edition, rubric }, ctx) => {
      const me = await requireOrganiser(ctx);
      const parsed = parseRubric(rubric);
      if (!parsed.ok) return { ok: false as const, error: 'rubricInvalid' as const, line: parsed.line };
      const r = setRubric(getApp().db, actorOf(me), edition, parsed.criteria);
      return r.ok ? { ok: true as const } : { ok: false as const, error: 'rubricLocked' as const };
    },
  }),

  setRound: defineAction({
    accept: 'form',
    input: z.object({ edition: id, state: z.enum(ROUND_STATES) }),
    handler: async ({ edition, state }, ctx) => {
      const me = await requireOrganiser(ctx);
      const r = setRound(getApp().db, actorOf(me), edition, state);
      return r.ok ? { ok: true as const } : { ok: false as const, error: 'noRubric' as const };
    },
  }),

  assignJuror: defineAction({
    accept: 'form',
    input: z.object({
      edition: id,
      juror: id,
      op: z.enum(['assign', 'unassign']),
      category: z.preprocess((v) => v ?? '', z.string().regex(/^[a-z0-9-]{0,30}$/)),
      ageGroup: z.preprocess((v) => v ?? '', z.string().regex(/^(\d{1,2}-\d{1,2})?$/)),
    }),
    handler: async ({ edition, juror, op, category, ageGroup }, ctx) => {
      const me = await requireOrganiser(ctx);
      const ok = op === 'assign' ? assign(getApp().db, actorOf(me), edition, juror, category, ageGroup) : unassign(getApp().db, actorOf(me), edition, juror, category, ageGroup);
      return { ok };
    },
  }),

  /** A juror's score of one entry (criterion values as c<criterion id>), or an abstention. */
  saveScore: defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const me = await requireJuror(ctx);
      if (!(form instanceof FormData)) throw new ActionError({ code: 'BAD_REQUEST', message: 'Form expected.' });
      const db = getApp().db;
      // The entry comes as the juror's opaque handle: jurors never learn the id the gallery uses.
      const target = resolveJuryHandle(db, me.id, form.get('entry'));
      if (!target) return { ok: false as const, error: 'notAssigned' };
      const values: Record<string, unknown> = {};
      for (const [k, v] of form.entries()) if (/^c\d+$/.test(k)) values[k.slice(1)] = v;
      const r = saveScore(db, actorOf(me), target.editionId, target.entryId, { abstain: form.get('abstain') === 'on', values });
      return r.ok ? { ok: true as const, next: r.nextId ? juryHandle(db, me.id, r.nextId) : undefined } : { ok: false as const, error: r.reason };
    },
  }),

  purgeContacts: defineAction({
    accept: 'form',
    input: z.object({ edition: id, months: z.coerce.number().int().min(1).max(120) }),
    handler: async ({ edition, months }, ctx) => {
      const me = await requireOrganiser(ctx);
      return purgeContacts(getApp().db, getApp().config.dataDir, actorOf(me), edition, months);
    },
  }),
};
