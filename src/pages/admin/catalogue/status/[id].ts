import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { getJob } from '#src/catalogue/jobs.ts';

/** A job's state and progress line, for the admin page's progress (organisers only: /admin is guarded). */
export const GET: APIRoute = async ({ params }) => {
  const job = /^\d{1,9}$/.test(params.id ?? '') ? await getJob(getApp().db, Number(params.id)) : undefined;
  if (!job) return new Response(null, { status: 404 });
  return Response.json({ state: job.state, progress: job.progress, pages: job.pages }, { headers: { 'Cache-Control': 'no-store' } });
};
