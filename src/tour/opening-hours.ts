import { localeOf, type Lang } from '#src/i18n/config.ts';

/**
 * A stop's opening hours as data: for each weekday (Monday first) the opening and closing time, or
 * null when closed. Written out in the reader's language from the same data, so /en/tour never
 * shows "út–ne 10–18 h": Czech "út–ne 10:00–18:00", English "Tue–Sun 10:00–18:00", Ukrainian
 * "вт–нд 10:00–18:00".
 */
export type DayHours = readonly [open: string, close: string] | null;
export type WeekHours = readonly DayHours[];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Reads the stored JSON; anything malformed reads as "not given". */
export function parseHours(json: string | null | undefined): WeekHours | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v) || v.length !== 7) return undefined;
    const week = v.map((d) => (Array.isArray(d) && d.length === 2 && TIME.test(String(d[0])) && TIME.test(String(d[1])) ? ([String(d[0]), String(d[1])] as const) : null));
    return week.some(Boolean) ? week : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Hours typed into the admin's form: fields `hours{1..7}open` and `hours{1..7}close` (HH:MM).
 * A day with both times is open; a day with one or none is closed. Closing before opening is an error.
 */
export function hoursFromForm(get: (name: string) => string): { ok: true; hours: WeekHours | undefined } | { ok: false; day: number } {
  const week: DayHours[] = [];
  for (let d = 1; d <= 7; d++) {
    const open = get(`hours${d}open`).trim();
    const close = get(`hours${d}close`).trim();
    if (!open && !close) {
      week.push(null);
      continue;
    }
    if (!TIME.test(open) || !TIME.test(close) || close <= open) return { ok: false, day: d };
    week.push([open, close]);
  }
  return { ok: true, hours: week.some(Boolean) ? week : undefined };
}

/** A weekday's short name in a language, Monday = 1 (5 January 2026 was a Monday). */
export function weekdayName(day: number, lang: Lang, width: 'short' | 'long' = 'short'): string {
  return new Intl.DateTimeFormat(localeOf(lang), { weekday: width, timeZone: 'UTC' }).format(Date.UTC(2026, 0, 4 + day));
}

function time(t: string, lang: Lang): string {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return new Intl.DateTimeFormat(localeOf(lang), { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 5, h, m));
}

/**
 * The hours as lines of a language, consecutive days with the same hours grouped:
 * ["út–ne 10:00–18:00"] or ["po–pá 9:00–19:00", "so 9:00–13:00"].
 */
export function formatHours(week: WeekHours, lang: Lang): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < 7) {
    const h = week[i];
    if (!h) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < 7 && week[j + 1]?.[0] === h[0] && week[j + 1]?.[1] === h[1]) j++;
    const days = i === j ? weekdayName(i + 1, lang) : `${weekdayName(i + 1, lang)}–${weekdayName(j + 1, lang)}`;
    lines.push(`${days} ${time(h[0], lang)}–${time(h[1], lang)}`);
    i = j + 1;
  }
  return lines;
}
