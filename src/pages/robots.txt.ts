import type { APIRoute } from 'astro';
import { getApp } from '../lib/app.ts';
import { robots } from '../lib/feeds.ts';
import { siteOrigin } from '../lib/same-origin.ts';

export const GET: APIRoute = ({ request }) =>
  new Response(robots(siteOrigin(request, getApp().config.BASE_URL)), { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
