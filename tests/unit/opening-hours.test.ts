import { describe, expect, it } from 'vitest';
import { formatHours, hoursFromForm, parseHours } from '#src/tour/opening-hours.ts';

const week = [null, ['10:00', '18:00'], ['10:00', '18:00'], ['10:00', '18:00'], ['10:00', '18:00'], ['10:00', '18:00'], ['10:00', '18:00']] as const;

describe('opening hours are data, written out in the reader’s language', () => {
  it('groups days with the same hours', () => {
    expect(formatHours(week, 'cs')).toEqual(['út–ne 10:00–18:00']);
    expect(formatHours(week, 'en')).toEqual(['Tue–Sun 10:00–18:00']);
    expect(formatHours(week, 'uk')).toEqual(['вт–нд 10:00–18:00']);
    const library = [...Array.from({ length: 5 }, () => ['09:00', '19:00'] as const), ['09:00', '13:00'] as const, null];
    expect(formatHours(library, 'cs')).toEqual(['po–pá 9:00–19:00', 'so 9:00–13:00']);
    expect(formatHours(library, 'en')).toEqual(['Mon–Fri 9:00–19:00', 'Sat 9:00–13:00']);
    expect(formatHours(library, 'uk')).toEqual(['пн–пт 9:00–19:00', 'сб 9:00–13:00']);
  });

  it('reads what organisers type, refusing a day that closes before it opens', () => {
    const form = (values: Record<string, string>) => (name: string) => values[name] ?? '';
    expect(hoursFromForm(form({}))).toEqual({ ok: true, hours: undefined });
    expect(hoursFromForm(form({ hours2open: '10:00', hours2close: '18:00' }))).toEqual({ ok: true, hours: [null, ['10:00', '18:00'], null, null, null, null, null] });
    expect(hoursFromForm(form({ hours3open: '18:00', hours3close: '10:00' }))).toEqual({ ok: false, day: 3 });
    expect(hoursFromForm(form({ hours4open: '10:00' }))).toEqual({ ok: false, day: 4 });
  });

  it('stored hours that make no sense read as not given', () => {
    expect(parseHours('')).toBeUndefined();
    expect(parseHours('nonsense')).toBeUndefined();
    expect(parseHours(JSON.stringify([null, null]))).toBeUndefined();
    expect(parseHours(JSON.stringify(week))).toEqual(week);
  });
});
