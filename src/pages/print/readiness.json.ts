import type { APIRoute } from 'astro';
import { DEFAULT_LANG, isLang } from '#src/i18n/index.ts';
import { getApp } from '#src/platform/app.ts';
import { mayOpenPrint } from '#src/catalogue/guard.ts';
import { geometry } from '#src/artworks/print-size.ts';
import { readinessBefore, reportMessage, summarise } from '#src/catalogue/readiness.ts';
import { isProduct, parsePrintQuery } from '#src/catalogue/products/products.ts';
import { printEdition, qrBaseFor } from '#src/catalogue/products/context.ts';
import { productReadiness, qrItems } from '#src/catalogue/products/checks.ts';
import { activityLinks } from './_activities.ts';

/** The print-readiness report before rendering, for the print command (?product&lang&year&…). */
export const GET: APIRoute = async (ctx) => {
  const { db, config } = getApp();
  if (!(await mayOpenPrint(ctx, db))) return new Response(null, { status: 404 });
  const q = ctx.url.searchParams;
  const product = q.get('product') ?? 'catalogue';
  const asked = q.get('lang');
  const lang = isLang(asked) ? asked : DEFAULT_LANG;
  const o = isProduct(product) ? parsePrintQuery(product, lang, q) : undefined;
  if (!o) return Response.json({ error: 'bad options' }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  const edition = await printEdition(db, o.year);
  const qr = qrBaseFor(config.BASE_URL, ctx.url.origin);
  const links = await activityLinks(lang);
  let report;
  if (o.product === 'catalogue') {
    const before = edition ? await readinessBefore(db, edition.id, geometry(o.format, o.edition), lang, links) : summarise([{ level: 'error', code: 'no-edition', params: { year: o.year ?? '' } }], 0);
    report = summarise([...qrItems(o, qr), ...before.items], before.works);
  } else report = await productReadiness(db, o, edition, qr, links);
  const out = { ...report, qrBase: qr.base, items: report.items.map((i) => ({ ...i, message: reportMessage(i, 'en') })) };
  return Response.json(out, { headers: { 'Cache-Control': 'no-store' } });
};
