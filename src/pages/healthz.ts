import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { health } from '#src/platform/health.ts';

/** For monitoring: 200 when all is well, 503 when the database is down or the disk nearly full. */
export const GET: APIRoute = () => {
  let report;
  try {
    report = health(getApp());
  } catch {
    report = { status: 'error', database: 'unavailable' };
  }
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
};
