import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { listEditions } from '#src/editions/edition.ts';
import { listPublic } from '#src/entries/entry-store.ts';
import { sitemap } from '#src/gallery/feeds.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';

export const GET: APIRoute = async ({ request }) => {
  const { db } = getApp();
  // Every edition's public works: past editions stay browsable.
  const editions = await listEditions(db);
  const entries = (await Promise.all(editions.map((e) => listPublic(db, e.id)))).flat();
  const body = sitemap(siteOrigin(request, getApp().config.BASE_URL), entries, editions.filter((e) => !e.isCurrent).map((e) => e.year));
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
};
