import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dict, LANGS, translate } from '#src/i18n/index.ts';
import { signInSchema } from '#src/accounts/accounts.ts';
import { awardSchema } from '#src/jury/awards.ts';
import { editionSchema } from '#src/editions/edition.ts';
import { parseEditionForm, EDITION_FORM_FIELDS } from '#src/editions/edition-form.ts';
import { ENTRY_FIELDS, validateEntry } from '#src/entries/entry.ts';
import { helpContactSchema } from '#src/gallery/help.ts';
import { pragueLocalToIso } from '#src/platform/prague-time.ts';
import { tourSetSchema, tourStopSchema } from '#src/tour/tour.ts';
import { tourRequestSchema } from '#src/tour/request.ts';
import { visitBookingSchema, visitSlotSchema } from '#src/tour/visits.ts';

/**
 * Random and boundary values thrown at every schema: each must answer with success or with its
 * own errors, never throw. Entry errors must also be keys that exist in both languages.
 */
const edgeStrings = fc.constantFrom('', ' ', '\u0000', '0', '-1', '1e309', 'NaN', 'Infinity', '2026-02-29', '2027-02-29', '2026-13-01', 'x'.repeat(70_000), '<script>alert(1)</script>', '𝕏😀ěščřžýáíé', 'on', 'true', 'null', '__proto__', 'constructor');
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 300 }),
  edgeStrings,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.constant(new File([new Uint8Array(3)], 'x.jpg')),
);
const recordFor = (keys: readonly string[]) => fc.record(Object.fromEntries(keys.map((k) => [k, anyValue])), { requiredKeys: [] });

const schemas = {
  signIn: signInSchema,
  award: awardSchema,
  edition: editionSchema,
  helpContact: helpContactSchema,
  tourSet: tourSetSchema,
  tourStop: tourStopSchema,
  tourRequest: tourRequestSchema,
  visitSlot: visitSlotSchema,
  visitBooking: visitBookingSchema,
};

describe('every schema answers random input without throwing', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(name, () => {
      const keys = Object.keys((schema as unknown as { shape?: object }).shape ?? (schema as unknown as { _zod: { def: { in?: { shape?: object } } } })._zod.def.in?.shape ?? {});
      fc.assert(
        fc.property(fc.oneof(recordFor(keys.length ? keys : ['a', 'b']), anyValue), (input) => {
          const r = schema.safeParse(input);
          expect(typeof r.success).toBe('boolean');
        }),
        { numRuns: 300 },
      );
    });
  }

  it('entry: success, or errors at known fields whose messages exist in Czech and English', () => {
    const texts = LANGS.map((l) => dict(l).errors);
    fc.assert(
      fc.property(recordFor(ENTRY_FIELDS), (input) => {
        const r = validateEntry(input as Record<string, unknown>);
        if (r.success) return;
        for (const [field, e] of Object.entries(r.errors)) {
          expect(ENTRY_FIELDS as readonly string[]).toContain(field);
          for (const t of texts) expect(translate(t, e!.key, e!.params), `${field}: ${e!.key}`).not.toBe(e!.key);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('edition form: random text never throws and errors are known keys', () => {
    const keys = new Set(Object.keys(dict('cs').admin.editions.errors));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(EDITION_FORM_FIELDS.map((f) => [f, fc.oneof(fc.string({ maxLength: 60 }), edgeStrings)]))), (v) => {
        const r = parseEditionForm(v as never);
        if (!r.ok) for (const k of Object.values(r.errors)) expect(keys.has(k!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('Prague times: any well-formed local time maps to an instant that reads back the same (except the skipped spring hour)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const local = d.toISOString().slice(0, 16);
        const iso = pragueLocalToIso(local);
        expect(iso).toBeDefined();
        expect(Number.isNaN(new Date(iso!).getTime())).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
