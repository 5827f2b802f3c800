import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Lang } from '#src/i18n/config.ts';
import { fill, formatDayIn, formatDayRangeIn } from '#src/i18n/format.ts';
import type { Calendar, Namespace } from '#src/i18n/types.ts';
import { addDays, dayParts, type Day } from '#src/platform/calendar-date.ts';
import { endAfterSchoolDays, isoWeekday } from './availability.ts';

interface SetView {
  id: number;
  name: string;
  info: string;
  windows: { first: Day; last: Day }[];
}

/** The booking texts this calendar renders; the page hands over only these. */
export const AVAILABILITY_TEXTS = [
  'busy', 'calendarHelp', 'calendarLabel', 'chosen', 'free', 'nextMonth', 'prevMonth', 'setLabel', 'setName',
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
 * The free days of each exhibition set as a month calendar. Keyboard: arrows move by day and
 * week, Page Up/Down by month, Home/End to the week's ends; Enter or Space chooses a first day
 * and fills the request form below with the shortest stop that fits.
 */
export default function TourAvailability({ lang, sets, from, to, minSchoolDays, monthNames, weekdays, t, calendar }: Props) {
  const [setIndex, setSetIndex] = useState(0);
  const set = sets[setIndex];
  const windowOf = (d: Day) => set?.windows.find((w) => w.first <= d && d <= w.last);
  const canStart = (d: Day) => {
    const w = windowOf(d);
    return Boolean(w && endAfterSchoolDays(d, minSchoolDays) <= w.last);
  };
  const firstStart = () => {
    for (const w of set?.windows ?? []) for (let d = w.first; d <= w.last; d = addDays(d, 1)) if (canStart(d)) return d;
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

  if (!set) return null;
  const clamp = (d: Day) => (d < from ? from : d > to ? to : d);
  const move = (d: Day) => {
    setKeyboard(true);
    setFocusDay(clamp(d));
  };

  function choose(d: Day) {
    if (!canStart(d)) {
      setAnnounce(`${formatDayIn(calendar, d)}: ${t.busy}`);
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
  const headingId = `cal-${set.id}-month`;
  const isChosen = (d: Day) => chosen !== null && chosen.first <= d && d <= chosen.last;

  return (
    <div className="cal">
      {sets.length > 1 && (
        <div className="field">
          <label htmlFor="cal-set">{t.setLabel}</label>
          <select id="cal-set" value={setIndex} onChange={(e) => setSetIndex(Number(e.currentTarget.value))}>
            {sets.map((s, i) => (
              <option key={s.id} value={i}>
                {fill(t.setName, { name: s.name })} — {s.info}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="hint" id={`cal-${set.id}-help`}>
        {t.calendarHelp}
      </p>
      <div className="cal-head">
        <button type="button" className="small secondary" onClick={() => move(addMonths(focusDay, -1))} disabled={monthStart(from) >= first} aria-label={t.prevMonth}>
          ‹
        </button>
        <h4 id={headingId} aria-live="polite">
          {monthNames[m - 1]} {y}
        </h4>
        <button type="button" className="small secondary" onClick={() => move(addMonths(focusDay, 1))} disabled={monthStart(to) <= first} aria-label={t.nextMonth}>
          ›
        </button>
      </div>
      <table role="grid" aria-label={`${fill(t.calendarLabel, { name: set.name })}, ${monthNames[m - 1]} ${y}`} aria-describedby={`cal-${set.id}-help`} onKeyDown={onKeyDown}>
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
                const free = Boolean(windowOf(d));
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
                      className={[free ? 'free' : '', isChosen(d) ? 'chosen' : ''].filter(Boolean).join(' ') || undefined}
                      aria-label={`${formatDayIn(calendar, d)}, ${free ? t.free : t.busy}`}
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
