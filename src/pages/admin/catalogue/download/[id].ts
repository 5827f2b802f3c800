import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { getJob, jobFileKey } from '#src/catalogue/jobs.ts';
import { visibleSql } from '#src/entries/visibility.ts';

/** A finished catalogue PDF (organisers only: /admin is guarded by the middleware). */
export const GET: APIRoute = async ({ params }) => {
  const { db, storage } = getApp();
  const job = /^\d{1,9}$/.test(params.id ?? '') ? await getJob(db, Number(params.id)) : undefined;
  const key = job && jobFileKey(job);
  if (!job || !key) return new Response(null, { status: 404 });
  // A work withdrawn, rejected or erased since the PDF was made must not go out in it: make a new one.
  const ids = job.entryIds.filter((n) => Number.isInteger(n));
  const still = ids.length ? (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM entries WHERE id IN (${ids.map(() => '?').join(',')}) AND ${visibleSql('printable')}`, ...ids))!.n : 0;
  if (still !== ids.length) return new Response('This PDF holds a work that may no longer be printed. Make a new one.', { status: 410, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const name = `katalog-${job.lang}-${job.format}-${job.edition}-${job.id}.pdf`;
  const file = await storage.readStream(key);
  if (!file) return new Response(null, { status: 404 });
  return new Response(file.body, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(file.bytes),
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
