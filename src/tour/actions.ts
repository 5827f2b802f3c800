import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { isLang, type Lang } from '#src/i18n/index.ts';
import { requireOrganiser } from '#src/accounts/guard.ts';
import { access } from '#src/accounts/action-access.ts';
import { getApp } from '#src/platform/app.ts';
import { echoFields, formText, idField as id } from '#src/platform/form-input.ts';
import {
  acceptOffer,
  cancelByTeacher,
  cancelStop,
  confirmRequest,
  declineRequest,
  REQUEST_FIELDS,
  requestFormValues,
  saveStopChanges,
  submitRequest,
  waitlistRequest,
} from './booking.ts';
import { bookVisit, cancelVisit, createSlot } from './visits.ts';
import { createSet, createStop, organizerFrom, TourConflictError, tourSetSchema, tourStopSchema, updateSet } from './tour.ts';
import { hoursFromForm } from './opening-hours.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';

type Ctx = { session?: { get(key: string): Promise<unknown> } | undefined; url: URL; request: Request };


/** Links in mails point at the configured public address, else at the address the request came to; invitations come from the site's sender. */
const links = (ctx: Ctx) => ({ baseUrl: siteOrigin(ctx.request, getApp().config.BASE_URL), organizer: organizerFrom(getApp().config.MAIL_FROM) });
const langOf = (form: FormData): Lang => (isLang(form.get('lang')) ? (form.get('lang') as Lang) : 'cs');

function stopInput(form: FormData) {
  const hours = hoursFromForm((name) => formText(form, name));
  return {
    // Times that do not make sense (closing before opening) fail the schema on the field "hours".
    hours: hours.ok ? hours.hours : null,
    setId: formText(form, 'setId') || undefined,
    venue: formText(form, 'venue'),
    address: formText(form, 'address'),
    town: formText(form, 'town'),
    region: formText(form, 'region'),
    firstDay: formText(form, 'firstDay'),
    lastDay: formText(form, 'lastDay'),
    openingHours: formText(form, 'openingHours'),
    accessibility: formText(form, 'accessibility'),
    contact: formText(form, 'contact'),
    isPublic: form.get('isPublic') === 'on',
  };
}

export const tourActions = {
  requestTour: access('public', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const lang = langOf(form);
      const values = requestFormValues(form);
      // A suggested window chosen after a refusal replaces the preferred dates.
      const suggestion = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(formText(form, 'suggestion'));
      if (suggestion) Object.assign(values, { first1: suggestion[1], last1: suggestion[2] });
      const result = await submitRequest(getApp().db, values, lang, links(ctx));
      if (result.ok) return { ok: true as const, token: result.token };
      return { ...result, values: { ...echoFields(form, REQUEST_FIELDS), ...(suggestion ? { first1: suggestion[1]!, last1: suggestion[2]! } : {}) } };
    },
  })),

  cancelTourRequest: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100) }),
    handler: async ({ token }, ctx) => await cancelByTeacher(getApp().db, token, links(ctx)),
  })),

  acceptTourOffer: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100) }),
    handler: async ({ token }, ctx) => await acceptOffer(getApp().db, token, links(ctx)),
  })),

  bookVisit: access('public', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const values = Object.fromEntries(['slotId', 'school', 'teacher', 'email', 'phone', 'pupils'].map((k) => [k, formText(form, k)]));
      const result = await bookVisit(getApp().db, values, langOf(form), links(ctx));
      if (result.ok) return { ok: true as const, token: result.token };
      return { ...result, values };
    },
  })),

  cancelVisit: access('public', defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100) }),
    handler: async ({ token }, ctx) => await cancelVisit(getApp().db, token, links(ctx)),
  })),

  tourSaveSet: access('organiser', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      await requireOrganiser(ctx);
      const parsed = tourSetSchema.safeParse({
        name: formText(form, 'name'),
        panels: formText(form, 'panels') || 0,
        wallM: formText(form, 'wallM').replace(',', '.') || 0,
        notes: formText(form, 'notes'),
        bufferBefore: formText(form, 'bufferBefore') || 0,
        bufferAfter: formText(form, 'bufferAfter') || 0,
        active: form.get('active') === 'on',
      });
      if (!parsed.success) return { ok: false as const, reason: 'invalid' as const };
      const setId = formText(form, 'id');
      if (!setId) return { ok: true as const, set: await createSet(getApp().db, parsed.data) };
      const r = await updateSet(getApp().db, id.parse(setId), parsed.data);
      return r.ok ? { ok: true as const } : { ok: false as const, reason: 'conflict' as const, conflicts: r.conflicts };
    },
  })),

  tourSaveStop: access('organiser', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      await requireOrganiser(ctx);
      const input = stopInput(form);
      const parsed = tourStopSchema.safeParse(input);
      if (!parsed.success) return { ok: false as const, reason: 'invalid' as const, fields: parsed.error.issues.map((i) => String(i.path[0])) };
      try {
        const stopId = formText(form, 'id');
        const stop = stopId ? await saveStopChanges(getApp().db, id.parse(stopId), parsed.data, links(ctx)) : await createStop(getApp().db, parsed.data);
        return { ok: true as const, id: stop.id };
      } catch (err) {
        if (err instanceof TourConflictError) return { ok: false as const, reason: 'conflict' as const, conflicts: err.conflicts };
        throw err;
      }
    },
  })),

  tourCancelStop: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id }),
    handler: async (input, ctx) => {
      await requireOrganiser(ctx);
      return await cancelStop(getApp().db, input.id, links(ctx));
    },
  })),

  tourAddSlot: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ stopId: id, day: z.string(), startTime: z.string(), minutes: z.coerce.number().default(60), capacity: z.coerce.number() }),
    handler: async ({ stopId, ...slot }, ctx) => {
      await requireOrganiser(ctx);
      return await createSlot(getApp().db, stopId, slot);
    },
  })),

  tourConfirm: access('organiser', defineAction({
    accept: 'form',
    input: z.object({
      id,
      window: z.coerce.number().int().min(0).max(2).default(0),
      setId: z.preprocess((v) => (v === '' || v === null || v === undefined || v === 0 ? undefined : v), z.coerce.number().int().positive().optional()),
      isPublic: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
      message: z.string().max(2000).nullish().transform((v) => v ?? ''),
    }),
    handler: async (input, ctx) => {
      await requireOrganiser(ctx);
      const r = await confirmRequest(getApp().db, { id: input.id, window: input.window, setId: input.setId, isPublic: input.isPublic, message: input.message }, links(ctx));
      return r.ok ? { ok: true as const, stopId: r.stop?.id } : r;
    },
  })),

  tourDecline: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id, message: z.string().max(2000).nullish().transform((v) => v ?? '') }),
    handler: async (input, ctx) => {
      await requireOrganiser(ctx);
      return await declineRequest(getApp().db, input.id, input.message, links(ctx));
    },
  })),

  tourWaitlist: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ id }),
    handler: async (input, ctx) => {
      await requireOrganiser(ctx);
      return await waitlistRequest(getApp().db, input.id, links(ctx));
    },
  })),
};
