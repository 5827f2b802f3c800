import type { APIRoute } from 'astro';
import { CATALOGUE_LANGS, isLang } from '#src/i18n/config.ts';
import { getApp } from '#src/platform/app.ts';
import { originalsSetting } from '#src/editions/originals-setting.ts';
import { batchForToken, batchWorks } from '#src/schools/batches.ts';
import { labelsFileName, labelsPdf } from '#src/originals/labels-pdf.ts';
import { pdfResponse } from '#src/originals/responses.ts';

/** The back-of-work labels for every work of a class batch, when its edition asks for originals by post. */
export const GET: APIRoute = async ({ params }) => {
  const app = getApp();
  const batch = await batchForToken(app.db, params.token);
  if (!batch || !isLang(params.lang) || !(await originalsSetting(app.db, batch.editionId)).byPost) return new Response(null, { status: 404 });
  const works = await batchWorks(app.db, batch.id, params.lang);
  if (works.length === 0) return new Response(null, { status: 404 });
  const lang = CATALOGUE_LANGS.includes(params.lang) ? params.lang : CATALOGUE_LANGS[0];
  return pdfResponse(labelsFileName(works.map((w) => w.reference)), await labelsPdf(app, works.map((w) => w.id), lang));
};
