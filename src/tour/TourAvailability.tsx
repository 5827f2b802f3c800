import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Lang } from '#src/i18n/config.ts';
import { fill, formatDayIn, formatDayRangeIn, localized } from '#src/i18n/format.ts';
import type { Calendar, Namespace } from '#src/i18n/types.ts';
import { addDays, dayParts, type Day } from '#src/platform/calendar-date.ts';
import { endAfterSchoolDays } from './availability.ts';
import { dayOff, isoWeekday, isSchoolDay } from './holidays.ts';

interface SetView {
  id: number;
  name: string;
  info: string;
  windows: { first: Day; last: Day }[];
}

/** The booking texts this calendar renders; the page hands over only these. */
export const AVAILABILITY_TEXTS = [
  'busy', 'calendarHelp', 'calendarLabel', 'calendarLabelAny', 'chosen', 'free', 'holiday', 'nextMonth', 'noStart', 'prevMonth', 'weekend',
] as const satisfies readonly (keyof Namespace<'site'>['tourBook'])[];

interface Props {
  lang: Lang;
  sets: SetView[];
  from: Day;
  to: Day;
  minSchoolDays: number;
  monthNames: string[];
  weekdays: string[];
  t: Pick<Namespace<'site'>['tourBook'], (typeof AVAILABILITY_TEXTS)[number]>;
  calendar: Calendar;
}

const monthStart = (d: Day) => `${d.slice(0, 7)}-01`;
function addMonths(d: Day, n: number): Day {
  const [y, m, day] = dayParts(d);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(day, last))).toISOString().slice(0, 10);
}

/**
 * The free days of each exhibition set as a month calendar, added by JavaScript to the page's
 * plain list of free windows (nothing of it is rendered on the server, so a page without
 * JavaScript shows no control that would do nothing). Weekends and public holidays are marked
 * and never offered as a first day. Keyboard: arrows move by day and week, Page Up/Down by month,
 * Home/End to the week's ends; Enter or Space chooses a first day and fills the request form below
 * with the shortest stop that fits. The set shown is the one chosen in the form's set field.
 */
export default function TourAvailability({ lang, sets, from, to, minSchoolDays, monthNames, weekdays, t, calendar }: Props) {
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  // -1: any set (the form's "any set that fits"): a day is free when some set is free then.
  const [setIndex, setSetIndex] = useState(-1);
  const set = sets[setIndex];
  const shown = set ? [set] : sets;
  const windows = shown.flatMap((s) => s.windows).sort((a, b) => a.first.localeCompare(b.first));
  const windowOf = (d: Day) => windows.find((w) => w.first <= d && d <= w.last);
  const canStart = (d: Day) =>
    isSchoolDay(d) && windows.some((w) => w.first <= d && d <= w.last && endAfterSchoolDays(d, minSchoolDays) <= w.last);
  const firstStart = () => {
    for (const w of windows) for (let d = w.first; d <= w.last; d = addDays(d, 1)) if (canStart(d)) return d;
    return from;
  };
  const [focusDay, setFocusDay] = useState<Day>(firstStart);
  const [chosen, setChosen] = useState<{ first: Day; last: Day } | null>(null);
  const [announce, setAnnounce] = useState('');
  const [keyboard, setKeyboard] = useState(false);
  const buttons = useRef(new Map<Day, HTMLButtonElement>());

  useEffect(() => {
    if (keyboard) buttons.current.get(focusDay)?.focus();
  }, [focusDay, keyboard]);

  useEffect(() => {
    setFocusDay(firstStart());
    setChosen(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [setIndex]);

  // The request form's set follows the calendar's, and the other way round.
  useEffect(() => {
    const select = document.getElementById('setId') as HTMLSelectElement | null;
    if (!select) return;
    const follow = () => setSetIndex(sets.findIndex((s) => String(s.id) === select.value));
    follow();
    select.addEventListener('change', follow);
    return () => select.removeEventListener('change', follow);
  }, [sets]);

  if (sets.length === 0 || !enhanced) return null;
  const clamp = (d: Day) => (d < from ? from : d > to ? to : d);
  const move = (d: Day) => {
    setKeyboard(true);
    setFocusDay(clamp(d));
  };

  function describe(d: Day): string {
    const off = dayOff(d);
    if (off) return off.kind === 'weekend' ? t.weekend : fill(t.holiday, { name: localized(off.name, lang) });
    if (!windowOf(d)) return t.busy;
    return canStart(d) ? t.free : `${t.free}, ${t.noStart}`;
  }

  function choose(d: Day) {
    if (!canStart(d)) {
      setAnnounce(`${formatDayIn(calendar, d)}: ${describe(d)}`);
      return;
    }
    const last = endAfterSchoolDays(d, minSchoolDays);
    setChosen({ first: d, last });
    for (const [id, value] of [['first1', d], ['last1', last]] as const) {
      const input = document.getElementById(id) as HTMLInputElement | null;
      if (input) {
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
    setAnnounce(fill(t.chosen, { range: formatDayRangeIn(calendar, d, last) }));
  }

  function onKeyDown(ev: KeyboardEvent<HTMLTableElement>) {
    const steps: Record<string, () => Day> = {
      ArrowLeft: () => addDays(focusDay, -1),
      ArrowRight: () => addDays(focusDay, 1),
      ArrowUp: () => addDays(focusDay, -7),
      ArrowDown: () => addDays(focusDay, 7),
      Home: () => addDays(focusDay, 1 - isoWeekday(focusDay)),
      End: () => addDays(focusDay, 7 - isoWeekday(focusDay)),
      PageUp: () => addMonths(focusDay, -1),
      PageDown: () => addMonths(focusDay, 1),
    };
    const step = steps[ev.key];
    if (!step) return;
    ev.preventDefault();
    move(step());
  }

  const first = monthStart(focusDay);
  const [y, m] = dayParts(first);
  const gridStart = addDays(first, 1 - isoWeekday(first));
  const weeks: Day[][] = [];
  for (let d = gridStart; weeks.length < 6 && (weeks.length === 0 || d.slice(0, 7) === first.slice(0, 7)); ) {
    const week: Day[] = [];
    for (let i = 0; i < 7; i++, d = addDays(d, 1)) week.push(d);
    weeks.push(week);
  }
  const key = set?.id ?? 'any';
  const headingId = `cal-${key}-month`;
  const isChosen = (d: Day) => chosen !== null && chosen.first <= d && d <= chosen.last;

  return (
    <div className="cal">
      <p className="hint" id={`cal-${key}-help`}>
        {t.calendarHelp}
      </p>
      <div className="cal-head">
        <button type="button" className="small secondary" onClick={() => move(addMonths(focusDay, -1))} disabled={monthStart(from) >= first} aria-label={t.prevMonth}>
          ‹
        </button>
        <h3 id={headingId} aria-live="polite">
          {monthNames[m - 1]} {y}
        </h3>
        <button type="button" className="small secondary" onClick={() => move(addMonths(focusDay, 1))} disabled={monthStart(to) <= first} aria-label={t.nextMonth}>
          ›
        </button>
      </div>
      <table role="grid" aria-label={`${set ? fill(t.calendarLabel, { name: set.name }) : t.calendarLabelAny}, ${monthNames[m - 1]} ${y}`} aria-describedby={`cal-${key}-help`} onKeyDown={onKeyDown}>
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th key={w} scope="col" abbr={w}>
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((d) => {
                const inMonth = d.slice(0, 7) === first.slice(0, 7);
                const inRange = d >= from && d <= to;
                if (!inMonth || !inRange) return <td key={d} role="gridcell" />;
                const off = Boolean(dayOff(d));
                const free = !off && Boolean(windowOf(d));
                const startable = canStart(d);
                return (
                  <td key={d} role="gridcell" aria-selected={isChosen(d) || undefined}>
                    <button
                      type="button"
                      ref={(el) => {
                        if (el) buttons.current.set(d, el);
                        else buttons.current.delete(d);
                      }}
                      tabIndex={d === focusDay ? 0 : -1}
                      className={[free ? 'free' : '', off ? 'off' : '', isChosen(d) ? 'chosen' : ''].filter(Boolean).join(' ') || undefined}
                      aria-label={`${formatDayIn(calendar, d)}, ${describe(d)}`}
                      aria-disabled={!startable || undefined}
                      onClick={() => choose(d)}
                      onFocus={() => setFocusDay(d)}
                    >
                      {Number(d.slice(8))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" className="hint">
        {announce}
      </p>
    </div>
  );
}
