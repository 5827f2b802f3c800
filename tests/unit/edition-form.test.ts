import { categoryLabel } from '#src/editions/categories.ts';
import { describe, expect, it } from 'vitest';
import { createEdition, currentEdition, defaultEdition, editionPhase, listEditions, makeCurrent, updateEdition } from '#src/editions/edition.ts';
import { editionToForm, parseEditionForm, type EditionFormValues } from '#src/editions/edition-form.ts';
import { isoToPragueLocal, pragueLocalToIso } from '#src/platform/prague-time.ts';
import { freshDb } from '../helpers/db.ts';

const form = (over: Partial<EditionFormValues> = {}): EditionFormValues => ({
  year: '2027',
  titleCs: 'Kreslená pravda 2027',
  titleEn: 'Cartoon Truth 2027',
  themeCs: 'Práce v zahraničí',
  themeEn: 'Jobs abroad',
  opens: '2027-03-01T09:00',
  closes: '2027-05-31T23:59',
  categories: 'comic | Komiks | Comic\nposter | Plakát | Poster\nphoto | Fotopříběh | Photo story',
  ageGroups: '10-12, 13-15, 16–19',
  maxEntriesPerArtist: '2',
  maxPages: '8',
  ...over,
});

describe('Prague wall-clock times', () => {
  it('gets the winter and summer offsets right, including the DST change days', () => {
    expect(pragueLocalToIso('2027-01-31T23:59')).toBe('2027-01-31T23:59:00+01:00');
    expect(pragueLocalToIso('2027-05-31T23:59')).toBe('2027-05-31T23:59:00+02:00');
    expect(pragueLocalToIso('2027-03-28T01:30')).toBe('2027-03-28T01:30:00+01:00');
    expect(pragueLocalToIso('2027-03-28T03:30')).toBe('2027-03-28T03:30:00+02:00');
    expect(pragueLocalToIso('2027-10-31T12:00')).toBe('2027-10-31T12:00:00+01:00');
    expect(pragueLocalToIso('31.1.2027')).toBeUndefined();
    expect(isoToPragueLocal('2027-05-31T21:59:00Z')).toBe('2027-05-31T23:59');
  });

  it('refuses dates and times that do not exist on any calendar', () => {
    for (const bad of ['2026-02-30T10:00', '2027-02-29T10:00', '2026-04-31T00:00', '2026-13-01T00:00', '2026-01-01T24:00', '2026-01-01T12:60']) {
      expect(pragueLocalToIso(bad), bad).toBeUndefined();
    }
    expect(pragueLocalToIso('2028-02-29T10:00')).toBe('2028-02-29T10:00:00+01:00');
  });

  it('moves a time the spring change skips forward by the gap, and takes the first of a repeated autumn time', () => {
    // 28 March 2027: clocks go from 02:00 to 03:00, so 02:30 never happens in Prague.
    expect(pragueLocalToIso('2027-03-28T02:30')).toBe('2027-03-28T03:30:00+02:00');
    // 31 October 2027: 02:30 happens twice; the first one is still summer time.
    expect(pragueLocalToIso('2027-10-31T02:30')).toBe('2027-10-31T02:30:00+02:00');
    expect(isoToPragueLocal('2027-10-31T01:30:00Z')).toBe('2027-10-31T02:30');
  });
});

describe('the edition form', () => {
  it('reads dates as Prague time, categories per line and age groups', () => {
    const r = parseEditionForm(form());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.opensAt).toBe('2027-03-01T09:00:00+01:00');
    expect(r.input.closesAt).toBe('2027-05-31T23:59:00+02:00');
    expect(r.input.categories).toEqual([
      { code: 'comic', cs: 'Komiks', en: 'Comic' },
      { code: 'poster', cs: 'Plakát', en: 'Poster' },
      { code: 'photo', cs: 'Fotopříběh', en: 'Photo story' },
    ]);
    expect(r.input.ageGroups).toEqual([{ min: 10, max: 12 }, { min: 13, max: 15 }, { min: 16, max: 19 }]);
    expect(r.input.maxPages).toBe(8);
  });

  it.each([
    [{ closes: '2027-02-01T00:00' }, 'closes', 'closesBeforeOpens'],
    [{ opens: '' }, 'opens', 'date'],
    [{ categories: '' }, 'categories', 'categories'],
    [{ categories: 'comic | Komiks\ncomic | Komiks 2' }, 'categories', 'categories'],
    [{ categories: 'Velký Komiks | x' }, 'categories', 'categories'],
    [{ ageGroups: 'teenagers' }, 'ageGroups', 'ageGroups'],
    [{ ageGroups: '15-12' }, 'ageGroups', 'ageGroups'],
    [{ maxPages: '13' }, 'maxPages', 'invalid'],
    [{ titleCs: '' }, 'titleCs', 'invalid'],
  ])('refuses %j at the field', (over, field, key) => {
    const r = parseEditionForm(form(over));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field as keyof typeof r.errors]).toBe(key);
  });

  it('round-trips an edition through the form, and only one edition is current', async () => {
    const db = (await freshDb('ed')).db;
    const first = await createEdition(db, defaultEdition(new Date('2026-06-01T00:00:00Z')));
    const parsed = parseEditionForm(form());
    if (!parsed.ok) throw new Error('form should parse');
    const next = await createEdition(db, parsed.input, { current: false });
    expect((await currentEdition(db))?.id).toBe(first.id);
    expect(parseEditionForm(editionToForm(next))).toEqual(parsed);
    expect(await makeCurrent(db, next.id)).toBe(true);
    expect((await currentEdition(db))?.id).toBe(next.id);
    expect((await listEditions(db)).filter((e) => e.isCurrent)).toHaveLength(1);
    const changed = await updateEdition(db, next.id, { ...parsed.input, maxPages: 3 });
    expect(changed?.maxPages).toBe(3);
    expect(editionPhase(next, new Date('2027-02-28T23:00:00Z'))).toBe('upcoming');
    expect(editionPhase(next, new Date('2027-03-01T07:59:59Z'))).toBe('upcoming');
    expect(editionPhase(next, new Date('2027-03-01T08:00:00Z'))).toBe('open');
    expect(editionPhase(next, new Date('2027-05-31T21:59:00Z'))).toBe('closed');
  });
});

describe('a category’s name in a language', () => {
  const past = { categories: [{ code: 'comic', cs: 'Komiks', en: 'Comic' }, { code: 'leaflet', cs: 'Leták', en: 'Leaflet' }, { code: 'poster', cs: 'Plakát', en: 'Poster', uk: 'Плакат-гасло' }] };
  it('is the edition’s own name where it has one in that language', () => {
    expect(categoryLabel(past, 'comic', 'en')).toBe('Comic');
    expect(categoryLabel(past, 'poster', 'uk')).toBe('Плакат-гасло');
  });
  it('falls back to the built-in category’s name, then to the edition’s Czech name, then to the code', () => {
    expect(categoryLabel(past, 'comic', 'uk')).toBe('Комікс');
    expect(categoryLabel(past, 'leaflet', 'uk')).toBe('Leták');
    expect(categoryLabel(past, 'mural', 'uk')).toBe('mural');
    expect(categoryLabel(undefined, 'poster', 'en')).toBe('Poster');
  });
});
