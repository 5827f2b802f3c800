import type { APIRoute } from 'astro';
import { CATALOGUE_LANGS, isLang } from '#src/i18n/config.ts';
import { getApp } from '#src/platform/app.ts';
import { batchForToken, batchWorks } from '#src/schools/batches.ts';
import { consentFormsOf } from '#src/schools/consent-forms.ts';
import { printNow } from '#src/originals/labels-pdf.ts';
import { pdfResponse } from '#src/originals/responses.ts';

/**
 * The printed consent forms of a class batch: every pupil's whose guardian consents on paper and
 * has not had a form verified yet, or one pupil's (?entry=<id>, a work of this batch only).
 */
export const GET: APIRoute = async ({ params, url }) => {
  const app = getApp();
  const batch = await batchForToken(app.db, params.token);
  if (!batch || !isLang(params.lang)) return new Response(null, { status: 404 });
  const works = await batchWorks(app.db, batch.id, params.lang);
  const forms = await consentFormsOf(app.db, works.map((w) => w.id));
  const one = url.searchParams.get('entry');
  const chosen = works.filter((w) => forms.has(w.id) && (one ? String(w.id) === one : forms.get(w.id)!.state !== 'verified'));
  if (chosen.length === 0) return new Response(null, { status: 404 });
  const lang = CATALOGUE_LANGS.includes(params.lang) ? params.lang : CATALOGUE_LANGS[0];
  const name = chosen.length === 1 ? `consent-${chosen[0]!.reference}.pdf` : `consent-forms-${chosen.length}.pdf`;
  return pdfResponse(name, await printNow(app, { product: 'consentforms', lang, entries: chosen.map((w) => w.id), force: false }));
};
