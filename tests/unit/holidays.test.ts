import { describe, expect, it } from 'vitest';
import { czechHolidays, dayOff, easterSunday, FIXED_HOLIDAYS, holidayOn, isSchoolDay } from '#src/tour/holidays.ts';

describe('Czech public holidays are data, Easter is computed', () => {
  it('Easter Sunday falls where the church calendar says, for years on either side of today', () => {
    const known: Record<number, string> = {
      2016: '2016-03-27', 2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05',
      2027: '2027-03-28', 2028: '2028-04-16', 2029: '2029-04-01', 2030: '2030-04-21', 2038: '2038-04-25',
    };
    for (const [year, day] of Object.entries(known)) expect(easterSunday(Number(year)), year).toBe(day);
  });

  it('each year has the eleven fixed holidays, Good Friday (since 2016) and Easter Monday', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028, 2029, 2030]) {
      const days = [...czechHolidays(year).keys()];
      expect(days, String(year)).toHaveLength(FIXED_HOLIDAYS.length + 2);
      for (const h of FIXED_HOLIDAYS) expect(days).toContain(`${year}-${h.monthDay}`);
    }
    expect(holidayOn('2026-04-03')?.name.cs).toBe('Velký pátek');
    expect(holidayOn('2026-04-06')?.name.en).toBe('Easter Monday');
    expect(holidayOn('2027-03-26')?.name.cs).toBe('Velký pátek');
    expect(holidayOn('2027-03-29')?.name.uk).toBe('Великодній понеділок');
    expect(holidayOn('2030-04-19')?.name.cs).toBe('Velký pátek');
    // Good Friday became a holiday in 2016.
    expect(czechHolidays(2015).has('2015-04-03')).toBe(false);
    expect(czechHolidays(2015).has('2015-04-06')).toBe(true);
  });

  it('a school day is a weekday that is no holiday, and the reason a day is off is told', () => {
    expect(isSchoolDay('2026-09-28')).toBe(false); // Monday, Czech Statehood Day
    expect(isSchoolDay('2026-09-29')).toBe(true);
    expect(isSchoolDay('2026-11-17')).toBe(false); // Tuesday
    expect(isSchoolDay('2026-11-21')).toBe(false); // Saturday
    expect(dayOff('2026-11-21')).toEqual({ kind: 'weekend' });
    expect(dayOff('2026-12-24')).toMatchObject({ kind: 'holiday', name: { cs: 'Štědrý den', en: 'Christmas Eve' } });
    expect(dayOff('2026-12-23')).toBeUndefined();
  });
});
