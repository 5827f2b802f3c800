import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { getJob, jobFileKey, jobStillValid } from '#src/catalogue/jobs.ts';

/** A finished job's contact sheet: every page small on one PNG (organisers only; never cached). */
export const GET: APIRoute = async ({ params }) => {
  const { db, storage } = getApp();
  const job = /^\d{1,9}$/.test(params.id ?? '') ? await getJob(db, Number(params.id)) : undefined;
  const key = job && jobFileKey(job, 'contact-sheet');
  if (!job || !key) return new Response(null, { status: 404 });
  if (!(await jobStillValid(db, job))) return new Response(null, { status: 410, headers: { 'Cache-Control': 'private, no-store' } });
  const data = await storage.read(key);
  if (!data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), { headers: { 'Content-Type': 'image/png', 'Content-Length': String(data.length), 'Cache-Control': 'private, no-store' } });
};
