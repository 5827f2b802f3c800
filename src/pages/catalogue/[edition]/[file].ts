import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { etagMatches, PAGE_CACHE_CONTROL } from '#src/platform/http/public-cache.ts';
import { publicationCover, publicationFileName, servablePublication } from '#src/catalogue/published.ts';

/**
 * A published screen catalogue (`<lang>.pdf`) and its cover (`<lang>.webp`) at addresses that stay
 * the same for an edition and language. Answers carry a validator (the file's hash) and
 * `public, no-cache`, so browsers and caches keep the file and revalidate it in one cheap request;
 * a new publication changes the validator, and one that may no longer be served answers 404.
 */
export const GET: APIRoute = async ({ params, request }) => {
  const m = /^([a-z]{2})\.(pdf|webp)$/.exec(params.file ?? '');
  if (!m || !/^\d{1,9}$/.test(params.edition ?? '')) return new Response(null, { status: 404 });
  const { db, storage } = getApp();
  const found = await servablePublication(db, storage, Number(params.edition), m[1]!);
  if (!found) return new Response(null, { status: 404 });
  const { publication, key } = found;
  const cover = m[2] === 'webp';
  const etag = `"${publication.etag}${cover ? '-c' : ''}"`;
  const validators = { ETag: etag, 'Cache-Control': PAGE_CACHE_CONTROL, 'Last-Modified': new Date(publication.publishedAt).toUTCString() };
  if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: validators });
  if (cover) {
    const picture = await publicationCover(db, publication.id);
    if (!picture) return new Response(null, { status: 404 });
    return new Response(new Uint8Array(picture), { headers: { ...validators, 'Content-Type': 'image/webp', 'Content-Length': String(picture.length) } });
  }
  const file = await storage.readStream(key);
  if (!file) return new Response(null, { status: 404 });
  return new Response(file.body, {
    headers: {
      ...validators,
      'Content-Type': 'application/pdf',
      'Content-Length': String(file.bytes),
      'Content-Disposition': `attachment; filename="${publicationFileName(publication)}"`,
    },
  });
};
