import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { isLang, type Lang } from '../i18n/index.ts';
import { requireOrganiser } from './guard.ts';
import { getApp } from '../lib/app.ts';
import {
  acceptOffer,
  cancelByTeacher,
  cancelStop,
  confirmRequest,
  declineRequest,
  REQUEST_FIELDS,
  requestFormValues,
  submitRequest,
  waitlistRequest,
} from '../lib/tour-booking.ts';
import { bookVisit, cancelVisit, createSlot } from '../lib/tour-visits.ts';
import { createSet, createStop, TourConflictError, tourSetSchema, tourStopSchema, updateSet, updateStop } from '../lib/tour.ts';
import { siteOrigin } from '../lib/same-origin.ts';

type Ctx = { session?: { get(key: string): Promise<unknown> } | undefined; url: URL; request: Request };


/** Links in mails point at the configured public address, else at the address the request came to. */
const links = (ctx: Ctx) => ({ baseUrl: siteOrigin(ctx.request, getApp().config.BASE_URL) });
const langOf = (form: FormData): Lang => (isLang(form.get('lang')) ? (form.get('lang') as Lang) : 'cs');
const str = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
};
const id = z.coerce.number().int().positive();

/** Typed values given back to a refused form (never more than the form's own fields). */
function echo(form: FormData, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = form.get(f);
    if (typeof v === 'string') out[f] = v.slice(0, 2000);
  }
  return out;
}

function stopInput(form: FormData) {
  return {
    setId: str(form, 'setId') || undefined,
    venue: str(form, 'venue'),
    address: str(form, 'address'),
    town: str(form, 'town'),
    region: str(form, 'region'),
    firstDay: str(form, 'firstDay'),
    lastDay: str(form, 'lastDay'),
    openingHours: str(form, 'openingHours'),
    accessibility: str(form, 'accessibility'),
    contact: str(form, 'contact'),
    isPublic: form.get('isPublic') === 'on',
  };
}

export const tourActions = {
  requestTour: defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const lang = langOf(form);
      const values = requestFormValues(form);
      // A suggested window chosen after a refusal replaces the preferred dates.
      const suggestion = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(str(form, 'suggestion'));
      if (suggestion) Object.assign(values, { first1: suggestion[1], last1: suggestion[2] });
      const result = submitRequest(getApp().db, values, lang, links(ctx));
      if (result.ok) return { ok: true as const, token: result.token };
      return { ...result, values: { ...echo(form, REQUEST_FIELDS), ...(suggestion ? { first1: suggestion[1]!, last1: suggestion[2]! } : {}) } };
    },
  }),

  cancelTourRequest: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100) }),
    handler: async ({ token }, ctx) => cancelByTeacher(getApp().db, token, links(ctx)),
  }),

  acceptTourOffer: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100) }),
    handler: async ({ token }, ctx) => acceptOffer(getApp().db, token, links(ctx)),
  }),

  bookVisit: defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const values = Object.fromEntries(['slotId', 'school', 'teacher', 'email', 'phone', 'pupils'].map((k) => [k, str(form, k)]));
      const result = bookVisit(getApp().db, values, langOf(form), links(ctx));
      if (result.ok) return { ok: true as const, token: result.token };
      return { ...result, values };
    },
  }),

  cancelVisit: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().max(100) }),
    handler: async ({ token }) => cancelVisit(getApp().db, token),
  }),

  tourSaveSet: defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      await requireOrganiser(ctx);
      const parsed = tourSetSchema.safeParse({
        name: str(form, 'name'),
        panels: str(form, 'panels') || 0,
        wallM: str(form, 'wallM').replace(',', '.') || 0,
        notes: str(form, 'notes'),
        bufferBefore: str(form, 'bufferBefore') || 0,
        bufferAfter: str(form, 'bufferAfter') || 0,
        active: form.get('active') === 'on',
      });
      if (!parsed.success) return { ok: false as const, reason: 'invalid' as const };
      const setId = str(form, 'id');
      if (!setId) return { ok: true as const, set: createSet(getApp().db, parsed.data) };
      const r = updateSet(getApp().db, id.parse(setId), parsed.data);
      return r.ok ? { ok: true as const } : { ok: false as const, reason: 'conflict' as const, conflicts: r.conflicts };
    },
  }),

  tourSaveStop: defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      await requireOrganiser(ctx);
      const input = stopInput(form);
      const parsed = tourStopSchema.safeParse(input);
      if (!parsed.success) return { ok: false as const, reason: 'invalid' as const, fields: parsed.error.issues.map((i) => String(i.path[0])) };
      try {
        const stopId = str(form, 'id');
        const stop = stopId ? updateStop(getApp().db, id.parse(stopId), parsed.data) : createStop(getApp().db, parsed.data);
        return { ok: true as const, id: stop.id };
      } catch (err) {
        if (err instanceof TourConflictError) return { ok: false as const, reason: 'conflict' as const, conflicts: err.conflicts };
        throw err;
      }
    },
  }),

  tourCancelStop: defineAction({
    accept: 'form',
    input: z.object({ id }),
    handler: async (input, ctx) => {
      await requireOrganiser(ctx);
      return cancelStop(getApp().db, input.id, links(ctx));
    },
  }),

  tourAddSlot: defineAction({
    accept: 'form',
    input: z.object({ stopId: id, day: z.string(), startTime: z.string(), minutes: z.coerce.number().default(60), capacity: z.coerce.number() }),
    handler: async ({ stopId, ...slot }, ctx) => {
      await requireOrganiser(ctx);
      return createSlot(getApp().db, stopId, slot);
    },
  }),

  tourConfirm: defineAction({
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
      const r = confirmRequest(getApp().db, { id: input.id, window: input.window, setId: input.setId, isPublic: input.isPublic, message: input.message }, links(ctx));
      return r.ok ? { ok: true as const, stopId: r.stop?.id } : r;
    },
  }),

  tourDecline: defineAction({
    accept: 'form',
    input: z.object({ id, message: z.string().max(2000).nullish().transform((v) => v ?? '') }),
    handler: async (input, ctx) => {
      await requireOrganiser(ctx);
      return declineRequest(getApp().db, input.id, input.message, links(ctx));
    },
  }),

  tourWaitlist: defineAction({
    accept: 'form',
    input: z.object({ id }),
    handler: async (input, ctx) => {
      await requireOrganiser(ctx);
      return waitlistRequest(getApp().db, input.id, links(ctx));
    },
  }),
};
