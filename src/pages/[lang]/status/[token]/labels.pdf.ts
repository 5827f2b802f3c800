import type { APIRoute } from 'astro';
import { CATALOGUE_LANGS, isLang } from '#src/i18n/config.ts';
import { getApp } from '#src/platform/app.ts';
import { entryForToken, TOKEN } from '#src/entries/consent.ts';
import { entryNeedsOriginal } from '#src/editions/originals-setting.ts';
import { labelsFileName, labelsPdf } from '#src/originals/labels-pdf.ts';
import { pdfResponse } from '#src/originals/responses.ts';

/** The artist's label for the back of the posted original, when the edition asks for originals. */
export const GET: APIRoute = async ({ params }) => {
  const app = getApp();
  const found = await entryForToken(app.db, params.token, TOKEN.status);
  if (!found.ok || !isLang(params.lang) || !(await entryNeedsOriginal(app.db, found.entry.id))) return new Response(null, { status: 404 });
  const lang = CATALOGUE_LANGS.includes(params.lang) ? params.lang : CATALOGUE_LANGS[0];
  return pdfResponse(labelsFileName([found.entry.reference]), await labelsPdf(app, [found.entry.id], lang));
};
