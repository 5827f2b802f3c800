import type { APIRoute } from 'astro';
import { getApp } from '../lib/app.ts';
import { currentEdition } from '../lib/edition.ts';
import { listPublic } from '../lib/entry-store.ts';
import { sitemap } from '../lib/feeds.ts';

export const GET: APIRoute = ({ url }) => {
  const { db } = getApp();
  const edition = currentEdition(db);
  const body = sitemap(url.origin, edition ? listPublic(db, edition.id) : []);
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
};
