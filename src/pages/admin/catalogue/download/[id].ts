import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { downloadName, getJob, jobFile, jobStillValid } from '#src/catalogue/jobs.ts';

/** A finished print product's PDF (organisers only: /admin is guarded by the middleware; never cached). */
export const GET: APIRoute = ({ params }) => {
  const { db, config } = getApp();
  const job = /^\d{1,9}$/.test(params.id ?? '') ? getJob(db, Number(params.id)) : undefined;
  const path = job && jobFile(config.dataDir, job);
  if (!job || !path) return new Response(null, { status: 404 });
  // A work withdrawn, rejected or erased since the PDF was made must not go out in it: make a new one.
  if (!jobStillValid(db, job)) return new Response('This PDF holds a work that may no longer be printed. Make a new one.', { status: 410, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' } });
  return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(statSync(path).size),
      'Content-Disposition': `attachment; filename="${downloadName(job)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
