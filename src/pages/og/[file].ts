import type { APIRoute } from 'astro';
import { dict } from '#src/i18n/index.ts';
import { getApp } from '#src/platform/app.ts';
import { getPublic } from '#src/entries/entry-store.ts';
import { etagMatches } from '#src/platform/http/public-cache.ts';
import { shareImage, shareImageKey } from '#src/gallery/share-image.ts';

/** Link-preview picture of a public work; 404 for anything not public. Short cache: a withdrawn work goes fast. */
export const GET: APIRoute = async ({ params, request }) => {
  const m = /^(\d{1,9})\.jpg$/.exec(params.file ?? '');
  if (!m) return new Response(null, { status: 404 });
  const { db, storage } = getApp();
  const entry = await getPublic(db, Number(m[1]));
  if (!entry || entry.pages.length === 0) return new Response(null, { status: 404 });
  const etag = `"${shareImageKey(entry)}"`;
  const headers = { ETag: etag, 'Cache-Control': 'public, max-age=600, must-revalidate' };
  if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  const site = `${dict('cs').site.name} · ${dict('en').site.name}`;
  const data = await shareImage(storage, entry, site);
  if (!data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), { headers: { ...headers, 'Content-Type': 'image/jpeg', 'Content-Length': String(data.length) } });
};
