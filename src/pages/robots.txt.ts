import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { robots } from '#src/gallery/feeds.ts';
import { siteOrigin } from '#src/platform/http/same-origin.ts';

export const GET: APIRoute = ({ request }) =>
  new Response(robots(siteOrigin(request, getApp().config.BASE_URL)), { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
