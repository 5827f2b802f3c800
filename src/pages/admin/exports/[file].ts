import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { pickEdition } from '#src/editions/admin-edition.ts';
import { csvResponse } from '#src/platform/csv.ts';
import { criteriaCsv, entriesCsv, jurorsCsv, resultsCsv, schoolsCsv } from '#src/backoffice/exports.ts';

/** CSV downloads (organisers only: the middleware guards /admin). */
export const GET: APIRoute = async (ctx) => {
  if (ctx.locals.account?.role !== 'organiser') return new Response(null, { status: 403 });
  const { db } = getApp();
  const { edition } = await pickEdition(db, ctx.url);
  if (!edition) return new Response(null, { status: 404 });
  const lang = ctx.locals.adminLang ?? 'cs';
  const stamp = `${edition.year}-${edition.id}`;
  switch (ctx.params.file) {
    case 'entries.csv': {
      const status = ctx.url.searchParams.get('status');
      return csvResponse(`entries-${stamp}${status === 'accepted' ? '-accepted' : ''}.csv`, await entriesCsv(db, edition.id, lang, status === 'accepted' ? { status } : {}));
    }
    case 'schools.csv':
      return csvResponse(`schools-${stamp}.csv`, await schoolsCsv(db, edition.id, lang));
    case 'results.csv':
      return csvResponse(`results-${stamp}.csv`, await resultsCsv(db, edition.id, lang));
    case 'criteria.csv':
      return csvResponse(`scores-by-criterion-${stamp}.csv`, await criteriaCsv(db, edition.id, lang));
    case 'jurors.csv':
      return csvResponse(`scores-by-juror-${stamp}.csv`, await jurorsCsv(db, edition.id, lang));
    default:
      return new Response(null, { status: 404 });
  }
};
