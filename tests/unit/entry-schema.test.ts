import { describe, expect, it } from 'vitest';
import { entrySchema, formatReference, makeEntrySchema, rulesOf, validateEntry } from '#src/entries/entry.ts';
import { DEFAULT_AGE_GROUPS } from '#src/editions/edition.ts';

const jpeg = (name = 'work.jpg', size = 3) => new File([new Uint8Array(size).fill(0xff)], name, { type: 'image/jpeg' });

const valid = (): Record<string, unknown> => ({
  firstName: 'Eliška',
  surname: 'Nováková',
  age: '16',
  school: '',
  town: 'Brno',
  region: 'JHM',
  category: 'poster',
  title: 'Práce snů?',
  statement: 'Nabídka práce, která je příliš dobrá, bývá past.',
  altText: 'Dívka za mřížemi z peněz, kolem ní barevné kruhy.',
  pages: [jpeg()],
  artistEmail: 'eliska@example.cz',
  consentPublish: 'on',
  agreeRules: 'on',
});

function errorsOf(values: Record<string, unknown>, schema = entrySchema) {
  const r = validateEntry(values, undefined, schema);
  return r.success ? {} : r.errors;
}

describe('the entry schema', () => {
  it('accepts a complete entry and trims and types its values', () => {
    const r = entrySchema.parse({ ...valid(), title: '  Práce snů?  ', consentPrint: 'on' });
    expect(r.age).toBe(16);
    expect(r.title).toBe('Práce snů?');
    expect(r.consentPublish).toBe(true);
    expect(r.consentPrint).toBe(true);
    expect(r.hideName).toBe(false);
    expect(r.school).toBe('');
    expect(r.guardianEmail).toBeUndefined();
  });

  it.each([
    ['firstName', '', 'required'],
    ['firstName', '   ', 'required'],
    ['firstName', 'x'.repeat(61), 'tooLong'],
    ['surname', undefined, 'required'],
    ['age', '', 'required'],
    ['age', 'abc', 'age'],
    ['age', '4', 'age'],
    ['age', '20', 'age'],
    ['age', '14.5', 'age'],
    ['school', 'x'.repeat(121), 'tooLong'],
    ['town', '', 'required'],
    ['region', 'XX', 'region'],
    ['region', '', 'region'],
    ['category', 'sculpture', 'category'],
    ['category', undefined, 'category'],
    ['title', '', 'required'],
    ['title', 'x'.repeat(121), 'tooLong'],
    ['statement', 'short', 'tooShort'],
    ['statement', 'x'.repeat(601), 'tooLong'],
    ['altText', 'short', 'tooShort'],
    ['altText', '', 'required'],
    ['artistEmail', 'not-an-address', 'email'],
    ['teacherEmail', 'teacher@', 'email'],
    ['consentPublish', undefined, 'consent'],
    ['agreeRules', undefined, 'rules'],
    ['pages', undefined, 'imageMissing'],
    ['pages', [], 'imageMissing'],
    ['pages', [new File([], '', { type: 'application/octet-stream' })], 'imageMissing'],
    ['pages', Array.from({ length: 13 }, (_, i) => jpeg(`p${i}.jpg`)), 'tooManyPages'],
    ['pages', ['not a file'], 'imageMissing'],
  ])('refuses %s = %j with "%s" at that field only', (field, value, key) => {
    const values = valid();
    if (value === undefined) delete values[field];
    else values[field] = value;
    const errors = errorsOf(values);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field as keyof typeof errors]!.key).toBe(key);
  });

  it('says which page is too large', () => {
    const big = new File([new Uint8Array(25 * 1024 * 1024 + 1)], 'big.jpg', { type: 'image/jpeg' });
    expect(errorsOf({ ...valid(), pages: [jpeg(), big] }).pages).toEqual({ key: 'image.too-large-file', params: { page: 2 } });
  });

  it('asks for a guardian under 15, together with any other mistake', () => {
    const under15 = { ...valid(), age: '13', artistEmail: '' };
    expect(errorsOf(under15)).toEqual({ guardianName: { key: 'guardianRequired', params: {} }, guardianEmail: { key: 'guardianRequired', params: {} } });
    expect(Object.keys(errorsOf({ ...under15, title: '' })).sort()).toEqual(['guardianEmail', 'guardianName', 'title']);
    expect(errorsOf({ ...under15, guardianName: 'Jana Nováková', guardianEmail: 'jana@example.cz' })).toEqual({});
    expect(errorsOf({ ...under15, guardianName: 'Jana Nováková', guardianEmail: 'jana@' })).toEqual({ guardianEmail: { key: 'email', params: {} } });
  });

  it('asks an artist of 15 or more for their own e-mail unless a guardian’s is given', () => {
    expect(errorsOf({ ...valid(), artistEmail: '' })).toEqual({ artistEmail: { key: 'contactRequired', params: {} } });
    expect(errorsOf({ ...valid(), artistEmail: '', guardianEmail: 'mama@example.cz' })).toEqual({});
  });

  it('follows the edition’s rules: its categories, ages and page limit', () => {
    const rules = rulesOf({ categories: [{ code: 'photo' }], ageGroups: [{ min: 10, max: 12 }], maxPages: 2 });
    const schema = makeEntrySchema(rules);
    const r = (v: Record<string, unknown>) => validateEntry(v, rules, schema);
    const ok = { ...valid(), category: 'photo', age: '11', guardianName: 'Jana', guardianEmail: 'jana@example.cz' };
    expect(r(ok).success).toBe(true);
    expect(r({ ...ok, category: 'poster' })).toMatchObject({ errors: { category: { key: 'category' } } });
    expect(r({ ...ok, age: '13' })).toMatchObject({ errors: { age: { key: 'age', params: { min: 10, max: 12 } } } });
    expect(r({ ...ok, pages: [jpeg(), jpeg(), jpeg()] })).toMatchObject({ errors: { pages: { key: 'tooManyPages', params: { max: 2 } } } });
    expect(rulesOf({ categories: [{ code: 'a' }], ageGroups: DEFAULT_AGE_GROUPS, maxPages: 12 })).toMatchObject({ ageMin: 6, ageMax: 19 });
  });

  it('gives the numbers a message needs', () => {
    expect(errorsOf({ ...valid(), title: 'x'.repeat(200) }).title).toEqual({ key: 'tooLong', params: { max: 120 } });
    expect(errorsOf({ ...valid(), age: '3' }).age).toEqual({ key: 'age', params: { min: 6, max: 19 } });
  });

  it('numbers references per edition with four digits', () => {
    expect(formatReference(2026, 42)).toBe('CT-2026-0042');
    expect(formatReference(2027, 12345)).toBe('CT-2027-12345');
  });
});
