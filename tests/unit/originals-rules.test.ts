import { describe, expect, it } from 'vitest';
import { allowedHandovers, HANDOVERS, mayHandOver, missingOriginals, ORIGINAL_STATES, referenceOf, stateAfter, type OriginalState } from '#src/originals/rules.ts';

describe('an original’s states and hand-overs', () => {
  it('follows the tour in order: packed, arrived, hung, taken down, then packed again or returned', () => {
    let state: OriginalState = 'office';
    for (const h of ['packed', 'arrived', 'hung', 'taken_down', 'packed', 'arrived', 'taken_down', 'returned'] as const) {
      expect(mayHandOver(state, h), `${h} after ${state}`).toBe(true);
      state = stateAfter(h);
    }
    expect(state).toBe('office');
  });

  it('refuses a hand-over out of order: hung before it arrived, arrived before it was packed, anything once returned home', () => {
    expect(mayHandOver('office', 'hung')).toBe(false);
    expect(mayHandOver('office', 'arrived')).toBe(false);
    expect(mayHandOver('packed', 'hung')).toBe(false);
    expect(mayHandOver('hung', 'packed')).toBe(false);
    for (const h of HANDOVERS) {
      expect(mayHandOver('returned', h)).toBe(false);
      expect(mayHandOver('archived', h)).toBe(false);
    }
  });

  it('every state names only hand-overs that lead to a known state', () => {
    for (const s of ORIGINAL_STATES) for (const h of allowedHandovers(s)) expect(ORIGINAL_STATES).toContain(stateAfter(h));
  });
});

describe('what a scan names', () => {
  it('reads the label’s address, what a scanner typed, and a reference typed loosely', () => {
    expect(referenceOf('https://kreslenapravda.cz/admin/originals?ref=CT-2026-0042')).toBe('CT-2026-0042');
    expect(referenceOf('  ct-2026-0042 ')).toBe('CT-2026-0042');
    expect(referenceOf('2026-42')).toBe('CT-2026-0042');
    expect(referenceOf('CT 2026 7')).toBe('CT-2026-0007');
    expect(referenceOf('CT-2026-12345')).toBe('CT-2026-12345');
  });

  it('names nothing for text that is no reference', () => {
    for (const s of ['', '   ', 'banán', '42', 'CT-26-1', 'https://example.org/']) expect(referenceOf(s), s).toBeUndefined();
  });
});

describe('what is missing', () => {
  const works = [
    { entryId: 1, received: true, state: 'arrived' as const, stopId: 7 },
    { entryId: 2, received: true, state: 'arrived' as const, stopId: 8 },
    { entryId: 3, received: false, state: 'office' as const, stopId: null },
    { entryId: 4, received: true, state: 'office' as const, stopId: null },
  ];
  it('on tour: works never received, and works that are not at the set’s stop', () => {
    expect(missingOriginals(works, { stopId: 7, onTour: true })).toEqual({ notReceived: [3], elsewhere: [2, 4] });
  });
  it('at the office: works still out on tour', () => {
    expect(missingOriginals(works, { stopId: null, onTour: false })).toEqual({ notReceived: [3], elsewhere: [1, 2] });
  });
});
