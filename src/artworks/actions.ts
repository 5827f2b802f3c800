import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { getApp } from '#src/platform/app.ts';
import { idField as id } from '#src/platform/form-input.ts';
import { addRedaction, redactPublic, refreshPublicPictures, removeRedaction, setRedactPublic } from './redaction.ts';

export const artworkActions = {
  redact: access('organiser', defineAction({
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
      const { storage } = getApp();
      if (input.op === 'public') {
        if (!(await setRedactPublic(getApp().db, storage, actorOf(me), input.id, input.public))) throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
        return { ok: true as const };
      }
      let ok: boolean;
      if (input.op === 'add') {
        // The form gives per cent; the store keeps fractions.
        const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? NaN : v / 100);
        ok = (await addRedaction(getApp().db, actorOf(me), input.id, { pageNo: input.pageNo ?? 1, x: pct(input.x), y: pct(input.y), w: pct(input.w), h: pct(input.h), mode: input.mode ?? 'blur' })).ok;
      } else {
        ok = input.rect ? await removeRedaction(getApp().db, actorOf(me), input.id, input.rect) : false;
      }
      if (ok && await redactPublic(getApp().db, input.id)) await refreshPublicPictures(getApp().db, storage, input.id);
      return ok ? { ok: true as const } : { ok: false as const, error: 'invalid' as const };
    },
  })),
};
