import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { SELECTION_KINDS } from '#src/catalogue/selection.ts';
import { getApp } from '#src/platform/app.ts';
import { idField as id, optionalText } from '#src/platform/form-input.ts';
import { eraseEntry, purgeContacts } from './erase.ts';
import { changeSelection, giveAward, saveAward } from './ops.ts';

/**
 * The back office's Actions that span domains: awards and selections (audited in one transaction),
 * erasing an entry, purging contacts. Each starts with the role check, reads its input with zod
 * and hands the work to a module; pages show the result and redirect.
 */
export const backofficeActions = {
  setEntryAward: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id, award: z.preprocess((v) => (v === '' || v === null ? null : v), id.nullable()) }),
    handler: async ({ id: entryId, award }, ctx) => {
      const me = await requireOrganiser(ctx);
      return { ok: await giveAward(getApp().db, actorOf(me), entryId, award) };
    },
  })),

  saveAward: access('organiser', defineAction({
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
      return { ok: await saveAward(getApp().db, actorOf(me), edition, award, input) };
    },
  })),

  changeSelection: access('organiser', defineAction({
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
        entryId = (await getApp().db.get<{ id: number }>('SELECT id FROM entries WHERE edition_id = ? AND (reference = ? OR seq = ?)', input.edition, ref, /^\d+$/.test(ref) ? Number(ref) : -1))?.id;
        if (!entryId) return { ok: false as const, error: 'unknownRef' as const };
      }
      if (!entryId) return { ok: false as const, error: 'unknownRef' as const };
      const change = input.op === 'section' ? { op: 'section' as const, entryId, section: input.section ?? '' } : { op: input.op, entryId };
      return await changeSelection(getApp().db, actorOf(me), input.edition, input.kind, change) ? { ok: true as const } : { ok: false as const, error: 'notEligible' as const };
    },
  })),

  eraseEntry: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id, confirm: z.literal('on', { error: 'confirm' }) }),
    handler: async ({ id: entryId }, ctx) => {
      const me = await requireOrganiser(ctx);
      const r = await eraseEntry(getApp(), actorOf(me), entryId);
      if (!r) throw new ActionError({ code: 'NOT_FOUND', message: 'No such entry.' });
      return r;
    },
  })),

  purgeContacts: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: id, months: z.coerce.number().int().min(1).max(120) }),
    handler: async ({ edition, months }, ctx) => {
      const me = await requireOrganiser(ctx);
      return await purgeContacts(getApp().db, getApp().config.dataDir, actorOf(me), edition, months);
    },
  })),
};
