import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { getStop, tourCalendar } from '#src/tour/tour.ts';

/** One public stop as a calendar file: "add to calendar" on the stop's page. */
export const GET: APIRoute = async ({ params }) => {
  const stop = /^\d+$/.test(params.id ?? '') ? await getStop(getApp().db, Number(params.id)) : undefined;
  if (!stop || !stop.isPublic) return new Response('Not found', { status: 404 });
  return new Response(tourCalendar([stop], 'Kreslená pravda / Cartoon Truth'), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="cartoon-truth-${stop.id}.ics"`,
      'Cache-Control': 'public, max-age=300',
    },
  });
};
