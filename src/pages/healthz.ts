import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { health } from '#src/platform/health.ts';

/** For monitoring: 200 when all is well; 503 when the database or the store is out of reach, the disk nearly full or the schema behind. */
export const GET: APIRoute = async () => {
  let report;
  try {
    report = await health(getApp());
  } catch {
    report = { status: 'error', database: 'unavailable' };
  }
  return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
};
