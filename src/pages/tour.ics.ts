import type { APIRoute } from 'astro';
import { getApp } from '#src/platform/app.ts';
import { listPublicStops, tourCalendar } from '#src/tour/tour.ts';

export const GET: APIRoute = async () => {
  const body = tourCalendar(await listPublicStops(getApp().db), 'Kreslená pravda / Cartoon Truth');
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="cartoon-truth-tour.ics"',
      'Cache-Control': 'public, max-age=300',
    },
  });
};
