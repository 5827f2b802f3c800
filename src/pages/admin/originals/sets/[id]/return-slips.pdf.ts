import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { idField } from '#src/platform/form-input.ts';
import { getSet } from '#src/tour/tour.ts';
import { printNow } from '#src/originals/labels-pdf.ts';
import { pdfResponse } from '#src/originals/responses.ts';

/** A set's return slips, one per school, made now: organisers only (they name schools). */
export const GET: APIRoute = async (ctx) => {
  if (ctx.locals.account?.role !== 'organiser') return new Response(null, { status: 403 });
  const app = getApp();
  const set = idField.safeParse(ctx.params.id);
  if (!set.success || !(await getSet(app.db, set.data))) return new Response(null, { status: 404 });
  const lang = ctx.locals.adminLang ?? 'cs';
  return pdfResponse(`return-slips-set-${set.data}.pdf`, await printNow(app, { product: 'returnslips', lang, set: set.data, force: false }));
};
