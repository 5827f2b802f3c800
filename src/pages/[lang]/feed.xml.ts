import type { APIRoute } from 'astro';
import { dict, isLang } from '#src/i18n/index.ts';
import { getApp } from '#src/platform/app.ts';
import { currentEdition } from '#src/editions/edition.ts';
import { listPublic } from '#src/entries/entry-store.ts';
import { worksFeed } from '#src/gallery/feeds.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';

export const GET: APIRoute = async ({ params, request }) => {
  const { lang } = params;
  if (!isLang(lang)) return new Response(null, { status: 404 });
  const { db } = getApp();
  const edition = await currentEdition(db);
  const body = worksFeed(siteOrigin(request, getApp().config.BASE_URL), lang, `${dict(lang).site.name}: ${dict(lang).gallery.title}`, edition ? await listPublic(db, edition.id) : []);
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
};
