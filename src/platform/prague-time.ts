import { Temporal } from 'temporal-polyfill';

/**
 * Prague wall-clock times for forms (`<input type="datetime-local">` gives "2027-01-31T23:59")
 * turned into instants and back, through Temporal and the time-zone database: the offset is the
 * one Prague really had at that moment, never a guess between +01:00 and +02:00.
 */
const ZONE = 'Europe/Prague';
const LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * "2027-01-31T23:59" in Prague → "2027-01-31T23:59:00+01:00"; undefined for a malformed or
 * impossible value ("2026-02-30T10:00", "2026-01-01T24:00"). A time the spring change skips
 * (02:30 on the last Sunday of March) moves forward by the gap, and a time the autumn change
 * repeats takes its first (summer) occurrence, as calendar apps do ("compatible").
 */
export function pragueLocalToIso(local: string): string | undefined {
  if (!LOCAL_RE.test(local)) return undefined;
  let wall: Temporal.PlainDateTime;
  try {
    wall = Temporal.PlainDateTime.from(local, { overflow: 'reject' });
  } catch {
    return undefined;
  }
  return wall.toZonedDateTime(ZONE, { disambiguation: 'compatible' }).toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

/** An instant as the Prague wall-clock value a datetime-local input shows. */
export function isoToPragueLocal(iso: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(ZONE).toPlainDateTime().toString({ smallestUnit: 'minute' });
}
