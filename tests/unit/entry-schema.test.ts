import { describe, expect, it } from 'vitest';
import { entryFieldErrors, entrySchema, formatReference } from '../../src/lib/entry.ts';

const valid = () => ({
  firstName: 'Eliška',
  surname: 'Nováková',
  age: '14',
  region: 'JHM',
  category: 'poster',
  title: 'Práce snů?',
  altText: 'Dívka za mřížemi z peněz, kolem ní barevné kruhy.',
  consentPublish: 'on',
  image: new File([new Uint8Array([0xff, 0xd8, 0xff])], 'work.jpg', { type: 'image/jpeg' }),
});

function errorsOf(values: Record<string, unknown>) {
  const r = entrySchema.safeParse(values);
  return r.success ? {} : entryFieldErrors(r.error);
}

describe('the entry schema', () => {
  it('accepts a complete entry and trims and types its values', () => {
    const r = entrySchema.parse({ ...valid(), title: '  Práce snů?  ' });
    expect(r.age).toBe(14);
    expect(r.title).toBe('Práce snů?');
    expect(r.consentPublish).toBe(true);
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
    ['region', 'XX', 'region'],
    ['region', '', 'region'],
    ['category', 'sculpture', 'category'],
    ['title', '', 'required'],
    ['title', 'x'.repeat(121), 'tooLong'],
    ['altText', 'short', 'tooShort'],
    ['altText', '', 'required'],
    ['consentPublish', undefined, 'consent'],
    ['image', undefined, 'imageMissing'],
    ['image', new File([], '', { type: 'application/octet-stream' }), 'imageMissing'],
  ])('refuses %s = %j with "%s" at that field only', (field, value, key) => {
    const values: Record<string, unknown> = valid();
    if (value === undefined) delete values[field];
    else values[field] = value;
    const errors = errorsOf(values);
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field as keyof typeof errors]!.key).toBe(key);
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
