import { readFile } from 'node:fs/promises';
import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { uploadsPerHour } from '#src/editions/entry-limits.ts';
import { judgeUpload, previewPath, recordUpload, removeUploads, tusServer, UPLOAD_ID } from '#src/artworks/uploads.ts';
import { RateLimiter } from '#src/platform/http/rate-limit.ts';

/**
 * Background uploads of entry pages (tus, see artworks/uploads.ts):
 *   POST /uploads                       starts an upload (counted against the client's hourly limit)
 *   HEAD, PATCH /uploads/<id>           resume and send (the tus protocol)
 *   DELETE /uploads/<id>                the artist removed the page
 *   GET /uploads/<id>                   the image policy's verdict, judged when the last byte arrived
 *   GET /uploads/<id>/preview.webp      the judged page, for the form's list
 */
let limiter: RateLimiter | undefined;
/** Uploads per client address and hour (uploadsPerHour): each is image work the server does. */
const uploadsPerIp = () => (limiter ??= new RateLimiter('uploads', uploadsPerHour(getApp().config.ENTRY_RATE_LIMIT), 3600_000));

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });

export const ALL: APIRoute = async ({ request, params, clientAddress }) => {
  const { db, config } = getApp();
  const [id, extra, ...rest] = (params.path ?? '').split('/');
  if (rest.length > 0 || (id && !UPLOAD_ID.test(id)) || (extra && extra !== 'preview.webp')) return new Response(null, { status: 404 });

  if (request.method === 'GET') {
    if (!id) return new Response(null, { status: 404 });
    if (extra) {
      const path = await previewPath(db, config.dataDir, id);
      if (!path) return new Response(null, { status: 404 });
      const data = await readFile(path).catch(() => undefined);
      return data ? new Response(new Uint8Array(data), { headers: { 'Content-Type': 'image/webp', 'Cache-Control': 'private, no-store' } }) : new Response(null, { status: 404 });
    }
    const verdict = await judgeUpload(db, config.dataDir, id);
    return verdict ? json(verdict) : json({ state: 'missing' }, 404);
  }
  if (extra) return new Response(null, { status: 405 });

  if (request.method === 'POST' && !id) {
    const slot = await uploadsPerIp().check(db, clientAddress);
    if (!slot.ok) return json({ code: 'uploadsBusy', minutes: Math.ceil(slot.retryAfterSec / 60) }, 429);
  }
  if (request.method === 'DELETE') {
    if (!id) return new Response(null, { status: 404 });
    await removeUploads(db, config.dataDir, [id]);
    return new Response(null, { status: 204, headers: { 'Tus-Resumable': '1.0.0' } });
  }
  const response = await tusServer(config.dataDir).handleWeb(request);
  if (request.method === 'POST' && response.status === 201) {
    const created = /([0-9a-f]{32})$/.exec(response.headers.get('location') ?? '')?.[1];
    if (created) {
      await recordUpload(db, created, clientAddress, Number(request.headers.get('upload-length') ?? 0));
      await uploadsPerIp().record(db, clientAddress);
    }
  }
  // The last chunk's answer carries the verdict (tus allows a body here; tus-js-client reads it).
  if (request.method === 'PATCH' && id && response.status === 204 && Number(response.headers.get('upload-offset')) === Number((await db.get<{ size: number }>('SELECT size FROM uploads WHERE id = ?', id))?.size ?? -1)) {
    const verdict = await judgeUpload(db, config.dataDir, id);
    const headers = new Headers(response.headers);
    headers.set('Content-Type', 'application/json');
    return new Response(JSON.stringify(verdict ?? { state: 'missing' }), { status: 200, headers });
  }
  return response;
};
