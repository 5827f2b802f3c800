import { addDays, dayParts, type Day } from '#src/platform/calendar-date.ts';
import type { Localized } from '#src/i18n/format.ts';

/**
 * Czech public holidays (státní svátky and ostatní svátky of Act 245/2000 Coll.), the days on
 * which schools are closed besides weekends: the fixed dates as data, plus Good Friday (a
 * holiday since 2016) and Easter Monday, computed from Easter Sunday. Pure and free of server
 * modules: the booking calendar in the browser uses it too.
 */
export interface Holiday {
  day: Day;
  name: Localized;
}

/** The holidays on a fixed date: month-day and name. */
export const FIXED_HOLIDAYS: readonly { monthDay: string; name: Localized }[] = [
  { monthDay: '01-01', name: { cs: 'Den obnovy samostatného českého státu, Nový rok', en: 'Restoration Day of the Independent Czech State, New Year’s Day', uk: 'День відновлення незалежної Чеської держави, Новий рік' } },
  { monthDay: '05-01', name: { cs: 'Svátek práce', en: 'Labour Day', uk: 'Свято праці' } },
  { monthDay: '05-08', name: { cs: 'Den vítězství', en: 'Victory Day', uk: 'День перемоги' } },
  { monthDay: '07-05', name: { cs: 'Den slovanských věrozvěstů Cyrila a Metoděje', en: 'Saints Cyril and Methodius Day', uk: 'День слов’янських просвітителів Кирила і Мефодія' } },
  { monthDay: '07-06', name: { cs: 'Den upálení mistra Jana Husa', en: 'Jan Hus Day', uk: 'День спалення Яна Гуса' } },
  { monthDay: '09-28', name: { cs: 'Den české státnosti', en: 'Czech Statehood Day', uk: 'День чеської державності' } },
  { monthDay: '10-28', name: { cs: 'Den vzniku samostatného československého státu', en: 'Independent Czechoslovak State Day', uk: 'День утворення незалежної Чехословацької держави' } },
  { monthDay: '11-17', name: { cs: 'Den boje za svobodu a demokracii', en: 'Struggle for Freedom and Democracy Day', uk: 'День боротьби за свободу і демократію' } },
  { monthDay: '12-24', name: { cs: 'Štědrý den', en: 'Christmas Eve', uk: 'Святвечір' } },
  { monthDay: '12-25', name: { cs: '1. svátek vánoční', en: 'Christmas Day', uk: 'Перший день Різдва' } },
  { monthDay: '12-26', name: { cs: '2. svátek vánoční', en: 'St Stephen’s Day', uk: 'Другий день Різдва' } },
];

const GOOD_FRIDAY: Localized = { cs: 'Velký pátek', en: 'Good Friday', uk: 'Страсна п’ятниця' };
const EASTER_MONDAY: Localized = { cs: 'Velikonoční pondělí', en: 'Easter Monday', uk: 'Великодній понеділок' };
/** Good Friday became a public holiday by Act 359/2015, from 2016 on. */
const GOOD_FRIDAY_SINCE = 2016;

/** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const cache = new Map<number, Map<Day, Holiday>>();

/** The public holidays of a year, by day. */
export function czechHolidays(year: number): ReadonlyMap<Day, Holiday> {
  let map = cache.get(year);
  if (!map) {
    const easter = easterSunday(year);
    const list: Holiday[] = [
      ...FIXED_HOLIDAYS.map((h) => ({ day: `${year}-${h.monthDay}`, name: h.name })),
      ...(year >= GOOD_FRIDAY_SINCE ? [{ day: addDays(easter, -2), name: GOOD_FRIDAY }] : []),
      { day: addDays(easter, 1), name: EASTER_MONDAY },
    ];
    map = new Map(list.sort((x, y) => x.day.localeCompare(y.day)).map((h) => [h.day, h]));
    cache.set(year, map);
  }
  return map;
}

/** The holiday on a day, if it is one. */
export function holidayOn(day: Day): Holiday | undefined {
  return czechHolidays(dayParts(day)[0]).get(day);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  const [y, m, d] = dayParts(day);
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** A school day: Monday to Friday and not a public holiday. */
export function isSchoolDay(day: Day): boolean {
  return isoWeekday(day) <= 5 && !holidayOn(day);
}

/** Why a day is not a school day, if it is not: a weekend or a named holiday. */
export function dayOff(day: Day): { kind: 'weekend' } | { kind: 'holiday'; name: Localized } | undefined {
  const holiday = holidayOn(day);
  if (holiday) return { kind: 'holiday', name: holiday.name };
  return isoWeekday(day) > 5 ? { kind: 'weekend' } : undefined;
}
