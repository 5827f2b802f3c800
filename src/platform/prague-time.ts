/**
 * Prague wall-clock times for forms (`<input type="datetime-local">` gives "2027-01-31T23:59")
 * turned into instants with the right offset (+01:00 in winter, +02:00 in summer) and back.
 */
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function pragueParts(instant: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** "2027-01-31T23:59" in Prague → "2027-01-31T23:59:00+01:00"; undefined for a malformed value. */
export function pragueLocalToIso(local: string): string | undefined {
  const m = LOCAL_RE.exec(local);
  if (!m) return undefined;
  for (const offset of ['+01:00', '+02:00']) {
    const iso = `${local}:00${offset}`;
    const instant = new Date(iso);
    if (!Number.isNaN(instant.getTime()) && pragueParts(instant) === local) return iso;
  }
  // A time that does not exist (skipped by the spring DST change): take the winter offset.
  const iso = `${local}:00+01:00`;
  return Number.isNaN(new Date(iso).getTime()) ? undefined : iso;
}

/** An instant as the Prague wall-clock value a datetime-local input shows. */
export function isoToPragueLocal(iso: string): string {
  return pragueParts(new Date(iso));
}
