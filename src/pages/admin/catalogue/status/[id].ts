import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { getJob } from '#src/catalogue/jobs.ts';
import { jobProgressText } from '#src/backoffice/job-status.ts';

/** A job's state and progress line, for the admin page's progress (organisers only: /admin is guarded). */
export const GET: APIRoute = async ({ params, locals }) => {
  const job = /^\d{1,9}$/.test(params.id ?? '') ? await getJob(getApp().db, Number(params.id)) : undefined;
  if (!job) return new Response(null, { status: 404 });
  return Response.json({ state: job.state, text: jobProgressText(job.progress, locals.adminLang ?? 'cs'), pages: job.pages }, { headers: { 'Cache-Control': 'no-store' } });
};
