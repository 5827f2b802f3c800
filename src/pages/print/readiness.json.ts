import type { APIRoute } from 'astro';
import { DEFAULT_LANG, isLang } from '#src/i18n/index.ts';
import { getApp } from '#src/platform/app.ts';
import { mayOpenPrint } from '#src/catalogue/guard.ts';
import { geometry, isCatalogueEdition, isFormat } from '#src/artworks/print-size.ts';
import { readinessBefore, reportMessage } from '#src/catalogue/readiness.ts';
import { currentEdition } from '#src/editions/edition.ts';
import { activityLinks } from './_activities.ts';

/** The print-readiness report before rendering, for the catalogue command (?lang&format&edition). */
export const GET: APIRoute = async (ctx) => {
  const { db } = getApp();
  if (!(await mayOpenPrint(ctx, db))) return new Response(null, { status: 404 });
  const q = ctx.url.searchParams;
  const asked = q.get('lang');
  const lang = isLang(asked) ? asked : DEFAULT_LANG;
  const format = isFormat(q.get('format')) ? (q.get('format') as 'a4' | 'a5') : 'a4';
  const edition = isCatalogueEdition(q.get('edition')) ? (q.get('edition') as 'print' | 'screen') : 'print';
  const current = await currentEdition(db);
  if (!current) return Response.json({ items: [], errors: 0, warnings: 0, works: 0 });
  const report = await readinessBefore(db, current.id, geometry(format, edition), lang, await activityLinks(lang));
  const out = { ...report, items: report.items.map((i) => ({ ...i, message: reportMessage(i, 'en') })) };
  return Response.json(out, { headers: { 'Cache-Control': 'no-store' } });
};
