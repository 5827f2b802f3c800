import type { APIRoute } from 'astro';
import { isLang } from '#src/i18n/index.ts';
import { getApp } from '#src/platform/app.ts';
import { organizerFrom } from '#src/tour/tour.ts';
import { visitByToken, visitCalendar } from '#src/tour/visits.ts';

/**
 * The booked visit for the teacher's calendar: a file to import (METHOD:PUBLISH); once the visit is
 * cancelled the same address gives its cancellation (METHOD:CANCEL, same UID, higher SEQUENCE).
 */
export const GET: APIRoute = async ({ params }) => {
  const { db, config } = getApp();
  const access = isLang(params.lang) ? await visitByToken(db, params.token) : undefined;
  if (!access || !isLang(params.lang)) return new Response(null, { status: 404 });
  const cancelled = access.booking.status === 'cancelled';
  const method = cancelled ? 'CANCEL' : 'PUBLISH';
  const body = visitCalendar(access.booking, access.slot, access.stop, params.lang, method, organizerFrom(config.MAIL_FROM));
  return new Response(body, {
    headers: {
      'Content-Type': `text/calendar; charset=utf-8; method=${method}`,
      'Content-Disposition': 'attachment; filename="visit.ics"',
      'Cache-Control': 'private, no-store',
      'Referrer-Policy': 'same-origin',
      'X-Robots-Tag': 'noindex',
    },
  });
};
