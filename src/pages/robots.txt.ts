import type { APIRoute } from 'astro';
import { robots } from '#src/gallery/feeds.ts';

export const GET: APIRoute = ({ url }) =>
  new Response(robots(url.origin), { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
