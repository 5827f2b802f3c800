import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { actorOf, requireJuror, requireOrganiser } from '#src/accounts/guard.ts';
import { getApp } from '#src/platform/app.ts';
import { idField as id } from '#src/platform/form-input.ts';
import { juryHandle, resolveJuryHandle } from './jury-handle.ts';
import { assign, parseRubric, ROUND_STATES, saveScore, setRound, setRubric, unassign } from './jury.ts';

/** The organisers' jury set-up (rubric, round, assignments) and the jurors' scores. */
export const juryActions = {
  saveRubric: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: id, rubric: z.string().max(5000) }),
    handler: async ({ edition, rubric }, ctx) => {
      const me = await requireOrganiser(ctx);
      const parsed = parseRubric(rubric);
      if (!parsed.ok) return { ok: false as const, error: 'rubricInvalid' as const, line: parsed.line };
      const r = await setRubric(getApp().db, actorOf(me), edition, parsed.criteria);
      return r.ok ? { ok: true as const } : { ok: false as const, error: 'rubricLocked' as const };
    },
  })),

  setRound: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: id, state: z.enum(ROUND_STATES) }),
    handler: async ({ edition, state }, ctx) => {
      const me = await requireOrganiser(ctx);
      const r = await setRound(getApp().db, actorOf(me), edition, state);
      return r.ok ? { ok: true as const } : { ok: false as const, error: 'noRubric' as const };
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
      const ok = op === 'assign' ? await assign(getApp().db, actorOf(me), edition, juror, category, ageGroup) : await unassign(getApp().db, actorOf(me), edition, juror, category, ageGroup);
      return { ok };
    },
  })),

  /** A juror's score of one entry (criterion values as c<criterion id>), or an abstention. */
  saveScore: access('juror', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const me = await requireJuror(ctx);
      if (!(form instanceof FormData)) throw new ActionError({ code: 'BAD_REQUEST', message: 'Form expected.' });
      const db = getApp().db;
      // The entry comes as the juror's opaque handle: jurors never learn the id the gallery uses.
      const target = await resolveJuryHandle(db, me.id, form.get('entry'));
      if (!target) return { ok: false as const, error: 'notAssigned' };
      const values: Record<string, unknown> = {};
      for (const [k, v] of form.entries()) if (/^c\d+$/.test(k)) values[k.slice(1)] = v;
      const r = await saveScore(db, actorOf(me), target.editionId, target.entryId, { abstain: form.get('abstain') === 'on', values });
      return r.ok ? { ok: true as const, next: r.nextId ? await juryHandle(db, me.id, r.nextId) : undefined } : { ok: false as const, error: r.reason };
    },
  })),
};
