import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { idList } from '#src/platform/form-input.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { labelsFileName, labelsPdf } from '#src/originals/labels-pdf.ts';
import { pdfResponse } from '#src/originals/responses.ts';

/**
 * Back-of-work labels for a list of entries (?entries=4,7,9), ten to an A4 sheet: organisers only
 * (the middleware guards /admin, and this checks the role again).
 */
export const GET: APIRoute = async (ctx) => {
  if (ctx.locals.account?.role !== 'organiser') return new Response(null, { status: 403 });
  const ids = idList.min(1).safeParse((ctx.url.searchParams.get('entries') ?? '').split(',').filter(Boolean));
  if (!ids.success) return new Response(null, { status: 400 });
  const app = getApp();
  const entries = await getEntriesByIds(app.db, ids.data);
  if (entries.length === 0) return new Response(null, { status: 404 });
  const lang = ctx.locals.adminLang ?? 'cs';
  return pdfResponse(labelsFileName(entries.map((e) => e.reference)), await labelsPdf(app, entries.map((e) => e.id), lang));
};
