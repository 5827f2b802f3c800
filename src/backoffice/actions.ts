import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { SELECTION_KINDS } from '#src/catalogue/selection.ts';
import { getApp } from '#src/platform/app.ts';
import { idField as id, idList, optionalText } from '#src/platform/form-input.ts';
import { eraseEntry, purgeContacts } from './erase.ts';
import { changeSelection, giveAward, saveAward } from './ops.ts';
import { addManyToSelection, entryByReference } from './selections.ts';

const confirmed = z.preprocess((v) => v === 'on' || v === '1', z.boolean());

/**
 * The back office's Actions that span domains: awards and selections (audited in one transaction),
 * erasing an entry, purging contacts. Each starts with the role check, reads its input with zod
 * and hands the work to a module; pages show the result and redirect.
 */
export const backofficeActions = {
  /** Gives or takes an award; a second "1st place" in one group needs `confirm`. */
  setEntryAward: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id, award: z.preprocess((v) => (v === '' || v === null ? null : v), id.nullable()), confirm: confirmed }),
    handler: async ({ id: entryId, award, confirm }, ctx) => {
      const me = await requireOrganiser(ctx);
      const r = await giveAward(getApp().db, actorOf(me), entryId, award, { confirm });
      return r.ok ? { ok: true as const, id: entryId } : { ...r, id: entryId, award };
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

  /** One change to a selection: add (by id or by a reference as people type it), remove, move, move to a position, section. */
  changeSelection: access('organiser', defineAction({
    accept: 'form',
    input: z.object({
      edition: id,
      kind: z.enum(SELECTION_KINDS),
      op: z.enum(['add', 'remove', 'up', 'down', 'section', 'moveTo']),
      entry: id.optional(),
      reference: optionalText,
      section: optionalText,
      position: z.coerce.number().int().min(1).max(100_000).optional(),
    }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const db = getApp().db;
      let entryId = input.entry;
      if (!entryId && input.reference) entryId = await entryByReference(db, input.edition, input.reference);
      if (!entryId) return { ok: false as const, error: 'unknownRef' as const };
      const change =
        input.op === 'section' ? { op: 'section' as const, entryId, section: input.section ?? '' }
        : input.op === 'moveTo' ? { op: 'moveTo' as const, entryId, position: input.position ?? 1 }
        : { op: input.op, entryId };
      return (await changeSelection(db, actorOf(me), input.edition, input.kind, change)) ? { ok: true as const, entry: entryId } : { ok: false as const, error: 'notEligible' as const };
    },
  })),

  /** The checked works of the review queue added to a selection at once. */
  addToSelectionMany: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: id, kind: z.enum(SELECTION_KINDS), ids: idList }),
    handler: async ({ edition, kind, ids }, ctx) => {
      const me = await requireOrganiser(ctx);
      if (ids.length === 0) return { ok: false as const, error: 'nothingSelected' as const };
      return { ok: true as const, kind, ...(await addManyToSelection(getApp().db, actorOf(me), edition, kind, ids)) };
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
      return await purgeContacts(getApp().db, getApp().config.dataDir, actorOf(me), edition, months, new Date(), getApp().storage);
    },
  })),
};
