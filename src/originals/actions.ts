import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { getApp } from '#src/platform/app.ts';
import { idField } from '#src/platform/form-input.ts';
import { judgeUpload } from '#src/artworks/images.ts';
import { getEdition } from '#src/editions/edition.ts';
import { AFTER_TOUR, saveOriginalsSetting } from '#src/editions/originals-setting.ts';
import { isChosenFile } from '#src/entries/entry.ts';
import { getOriginal, receiveScan, saveOriginalDetails, storeOriginalScan } from './originals.ts';
import { CONDITIONS, HANDOVERS } from './rules.ts';
import { assignToSet, exhibitionOriginals, finishTour, recordHandover } from './on-tour.ts';
import { originalsSetting } from '#src/editions/originals-setting.ts';
import { currentEdition } from '#src/editions/edition.ts';
import { getSet } from '#src/tour/tour.ts';

/** A size in millimetres as typed, or nothing. */
const mm = z.preprocess((v) => (v === '' || v === null || v === undefined ? null : v), z.coerce.number().int().min(10).max(3000).nullable());

export const originalsActions = {
  /** Whether an edition asks for originals by post, and what happens to them after the tour. */
  saveOriginalsSetting: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ edition: idField, byPost: z.preprocess((v) => v === 'on', z.boolean()), afterTour: z.enum(AFTER_TOUR) }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const { db } = getApp();
      if (!(await getEdition(db, input.edition))) throw new ActionError({ code: 'NOT_FOUND', message: 'No such edition.' });
      await saveOriginalsSetting(db, actorOf(me), input.edition, { byPost: input.byPost, afterTour: input.afterTour });
      return { ok: true as const };
    },
  })),

  /** The post desk: a scanned or typed reference marks its original received. */
  receiveOriginal: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ scan: z.preprocess((v) => v ?? '', z.string().max(500)) }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      return await receiveScan(getApp().db, actorOf(me), input.scan);
    },
  })),

  /** The desk's notes on a received original: condition, size, note, and a photo or scan judged by its bytes. */
  saveOriginal: access('organiser', defineAction({
    accept: 'form',
    input: z.object({
      entry: idField,
      condition: z.enum(CONDITIONS),
      width: mm,
      height: mm,
      note: z.preprocess((v) => v ?? '', z.string().trim().max(1000)),
      photo: z.unknown().optional(),
    }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const app = getApp();
      if (!(await getOriginal(app.db, input.entry))) throw new ActionError({ code: 'NOT_FOUND', message: 'This original has not been received.' });
      let image;
      if (isChosenFile(input.photo)) {
        const judged = await judgeUpload(input.photo);
        if (!judged.ok) return { ok: false as const, entry: input.entry, error: judged.reason };
        image = judged.image;
      }
      await saveOriginalDetails(app.db, actorOf(me), input.entry, { condition: input.condition, widthMm: input.width, heightMm: input.height, note: input.note });
      const becamePicture = image ? await storeOriginalScan(app, actorOf(me), input.entry, image) : false;
      return { ok: true as const, entry: input.entry, becamePicture };
    },
  })),

  /** Puts the exhibition works that are in no set into this set. */
  assignUnsetWorks: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ set: idField }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const { db } = getApp();
      const edition = await currentEdition(db);
      if (!edition || !(await getSet(db, input.set))) throw new ActionError({ code: 'NOT_FOUND', message: 'No such set.' });
      const free = (await exhibitionOriginals(db, edition.id, 'cs')).filter((w) => w.setId === null).map((w) => w.entryId);
      return { ok: true as const, assigned: await assignToSet(db, actorOf(me), input.set, free) };
    },
  })),

  /** A hand-over of a set's ticked works (packed, arrived, hung, taken down, returned), with damage noted per work. */
  recordHandover: access('organiser', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const me = await requireOrganiser(ctx);
      const parsed = z.object({
        set: idField,
        stop: z.preprocess((v) => (v === '' || v === null ? null : v), idField.nullable()),
        kind: z.enum(HANDOVERS),
        works: z.array(idField).max(500),
      }).safeParse({ set: form.get('set'), stop: form.get('stop'), kind: form.get('kind'), works: form.getAll('works') });
      if (!parsed.success) throw new ActionError({ code: 'BAD_REQUEST', message: 'Bad hand-over.' });
      const { set, stop, kind, works } = parsed.data;
      const damage = (id: number) => String(form.get(`damage-${id}`) ?? '').trim().slice(0, 500);
      const r = await recordHandover(getApp().db, actorOf(me), { setId: set, stopId: stop, kind, items: works.map((id) => ({ entryId: id, damage: damage(id) })) });
      return r;
    },
  })),

  /** The end of the tour for a set's originals back at the office: returned to schools or archived, as the edition says. */
  finishTour: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ set: idField }),
    handler: async (input, ctx) => {
      const me = await requireOrganiser(ctx);
      const { db } = getApp();
      const edition = await currentEdition(db);
      if (!edition || !(await getSet(db, input.set))) throw new ActionError({ code: 'NOT_FOUND', message: 'No such set.' });
      const { afterTour } = await originalsSetting(db, edition.id);
      return { ok: true as const, ended: await finishTour(db, actorOf(me), edition.id, input.set, afterTour) };
    },
  })),
};
