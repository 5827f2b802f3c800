import { readFileSync } from 'node:fs';
import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { getJob, jobFile, jobStillValid } from '#src/catalogue/jobs.ts';

/** A finished job's contact sheet: every page small on one PNG (organisers only; never cached). */
export const GET: APIRoute = ({ params }) => {
  const { db, config } = getApp();
  const job = /^\d{1,9}$/.test(params.id ?? '') ? getJob(db, Number(params.id)) : undefined;
  const path = job && jobFile(config.dataDir, job, 'contact-sheet');
  if (!job || !path) return new Response(null, { status: 404 });
  if (!jobStillValid(db, job)) return new Response(null, { status: 410, headers: { 'Cache-Control': 'private, no-store' } });
  const data = readFileSync(path);
  return new Response(new Uint8Array(data), { headers: { 'Content-Type': 'image/png', 'Content-Length': String(data.length), 'Cache-Control': 'private, no-store' } });
};
