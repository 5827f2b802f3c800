import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { idField } from '#src/platform/form-input.ts';
import { getSet } from '#src/tour/tour.ts';
import { printNow } from '#src/originals/labels-pdf.ts';
import { pdfResponse } from '#src/originals/responses.ts';

/** A set's packing list (for one of its stops with ?stop=), made now: organisers only. */
export const GET: APIRoute = async (ctx) => {
  if (ctx.locals.account?.role !== 'organiser') return new Response(null, { status: 403 });
  const app = getApp();
  const set = idField.safeParse(ctx.params.id);
  const rawStop = ctx.url.searchParams.get('stop');
  const stop = rawStop ? idField.safeParse(rawStop) : undefined;
  if (!set.success || (stop && !stop.success) || !(await getSet(app.db, set.data))) return new Response(null, { status: 404 });
  const lang = ctx.locals.adminLang ?? 'cs';
  const bytes = await printNow(app, { product: 'packinglist', lang, set: set.data, ...(stop?.success ? { stop: stop.data } : {}), force: false });
  return pdfResponse(`packing-list-set-${set.data}${stop?.success ? `-stop-${stop.data}` : ''}.pdf`, bytes);
};
