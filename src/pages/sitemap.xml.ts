import type { APIRoute } from 'astro';
import { getApp } from '../lib/app.ts';
import { listEditions } from '../lib/edition.ts';
import { listPublic } from '../lib/entry-store.ts';
import { sitemap } from '../lib/feeds.ts';
import { siteOrigin } from '../lib/same-origin.ts';

export const GET: APIRoute = ({ request }) => {
  const { db } = getApp();
  // Every edition's public works: past editions stay browsable.
  const editions = listEditions(db);
  const entries = editions.flatMap((e) => listPublic(db, e.id));
  const body = sitemap(siteOrigin(request, getApp().config.BASE_URL), entries, editions.filter((e) => !e.isCurrent).map((e) => e.year));
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
};
