import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { actorOf, requireJuror, requireOrganiser } from '#src/accounts/guard.ts';
import { getApp } from '#src/platform/app.ts';
import { echoFields, idField as id } from '#src/platform/form-input.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';
import { PUBLISH_WORKS } from '#src/entries/visibility.ts';
import { juryHandle, resolveJuryHandle } from './jury-handle.ts';
import { assign, parseRubric, ROUND_STATES, saveNote, saveScore, setRubric, unassign } from './jury.ts';
import { queueAssignmentMail, queueAwardMails, sendJuryNotices } from './notices.ts';
import { changeRound, publishResults, setPublishWorks, unpublishResults } from './publication.ts';

/** A checkbox (or hidden field) that says "yes, I have read the warning". */
const confirmed = z.preprocess((v) => v === 'on' || v === '1', z.boolean());
const baseOf = (request: Request) => siteOrigin(request, getApp().config.BASE_URL);

/** The organisers' jury set-up (rubric, round, assignments, results) and the jurors' scores and notes. */
export const juryActions = {
  saveRubric: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: id, rubric: z.string().max(8000) }),
    handler: async ({ edition, rubric }, ctx) => {
      const me = await requireOrganiser(ctx);
      const parsed = parseRubric(rubric);
      if (!parsed.ok) return { ok: false as const, error: 'rubricInvalid' as const, line: parsed.line };
      const r = await setRubric(getApp().db, actorOf(me), edition, parsed.criteria);
      return r.ok ? { ok: true as const } : { ok: false as const, error: 'rubricLocked' as const };
    },
  })),

  /** Opens the round (with an optional deadline, a calendar day) or closes it (confirmed when works are unscored). */
  setRound: access('organiser', defineAction({
    accept: 'form',
    input: z.object({
      edition: id,
      state: z.enum(ROUND_STATES),
      deadline: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().max(10).optional()),
      confirm: confirmed,
    }),
    handler: async ({ edition, state, deadline, confirm }, ctx) => {
      const me = await requireOrganiser(ctx);
      const db = getApp().db;
      const r = await changeRound(db, actorOf(me), edition, state, { confirm, deadline: deadline ?? null });
      // The jurors hear at once (the periodic task also reaches jurors assigned later).
      if (r.ok && state === 'open') await sendJuryNotices(db, baseOf(ctx.request));
      return r;
    },
  })),

  /** When the edition's accepted works become public. */
  setPublishWorks: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: id, publishWorks: z.enum(PUBLISH_WORKS) }),
    handler: async ({ edition, publishWorks }, ctx) => {
      const me = await requireOrganiser(ctx);
      return { ok: await setPublishWorks(getApp().db, actorOf(me), edition, publishWorks) };
    },
  })),

  /** Publishes the results (confirmed when ranks are tied or the round is still open) and mails the award winners. */
  publishResults: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: id, confirm: confirmed }),
    handler: async ({ edition, confirm }, ctx) => {
      const me = await requireOrganiser(ctx);
      const db = getApp().db;
      return await db.tx(async (db) => {
        const r = await publishResults(db, actorOf(me), edition, { confirm });
        if (!r.ok) return r;
        return { ok: true as const, mailed: await queueAwardMails(db, r.awarded, baseOf(ctx.request)) };
      });
    },
  })),

  unpublishResults: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: id }),
    handler: async ({ edition }, ctx) => {
      const me = await requireOrganiser(ctx);
      return { ok: await unpublishResults(getApp().db, actorOf(me), edition) };
    },
  })),

  assignJuror: access('organiser', defineAction({
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
      const db = getApp().db;
      if (op === 'unassign') return { ok: await unassign(db, actorOf(me), edition, juror, category, ageGroup) };
      return await db.tx(async (db) => {
        const ok = await assign(db, actorOf(me), edition, juror, category, ageGroup);
        if (ok) await queueAssignmentMail(db, edition, juror, category, ageGroup, baseOf(ctx.request));
        return { ok };
      });
    },
  })),

  /**
   * A juror's score of one entry (criterion values as c<criterion id>) or an abstention, with
   * their private note; `op=note` keeps only the note and stays on the work.
   */
  saveScore: access('juror', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const me = await requireJuror(ctx);
      if (!(form instanceof FormData)) throw new ActionError({ code: 'BAD_REQUEST', message: 'Form expected.' });
      const db = getApp().db;
      // The entry comes as the juror's opaque handle: jurors never learn the id the gallery uses.
      const target = await resolveJuryHandle(db, me.id, form.get('entry'));
      if (!target) return { ok: false as const, error: 'notAssigned' as const };
      const note = form.get('note');
      if (typeof note === 'string') await saveNote(db, me.id, target.editionId, target.entryId, note);
      if (form.get('op') === 'note') return { ok: true as const, noteOnly: true as const };
      const values: Record<string, unknown> = {};
      for (const [k, v] of form.entries()) if (/^c\d+$/.test(k)) values[k.slice(1)] = v;
      const r = await saveScore(db, actorOf(me), target.editionId, target.entryId, { abstain: form.get('abstain') === 'on', values });
      if (r.ok) return { ok: true as const, next: r.nextId ? await juryHandle(db, me.id, r.nextId) : undefined };
      // What the juror typed comes back, so a refused save loses nothing.
      return { ok: false as const, error: r.reason, values: echoFields(form, [...Object.keys(values).map((k) => `c${k}`), 'abstain']) };
    },
  })),
};
