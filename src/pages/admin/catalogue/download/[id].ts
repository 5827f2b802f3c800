import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { downloadName, getJob, jobFileKey, jobStillValid } from '#src/catalogue/jobs.ts';

/** A finished print product's PDF (organisers only: /admin is guarded by the middleware; never cached). */
export const GET: APIRoute = async ({ params }) => {
  const { db, storage } = getApp();
  const job = /^\d{1,9}$/.test(params.id ?? '') ? await getJob(db, Number(params.id)) : undefined;
  const key = job && jobFileKey(job);
  if (!job || !key) return new Response(null, { status: 404 });
  // A work withdrawn, rejected or erased since the PDF was made must not go out in it: make a new one.
  if (!(await jobStillValid(db, job))) return new Response('This PDF holds a work that may no longer be printed. Make a new one.', { status: 410, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' } });
  const file = await storage.readStream(key);
  if (!file) return new Response(null, { status: 404 });
  return new Response(file.body, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(file.bytes),
      'Content-Disposition': `attachment; filename="${downloadName(job)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
