import { describe, expect, it } from 'vitest';
import { publicCredit, publicName } from '../../src/lib/credit.ts';

describe('public credit', () => {
  it('shows first name and surname initial, age and region, never the surname', () => {
    const e = { firstName: 'Eliška', surname: 'Šťastná', age: 14, region: 'ULK' };
    expect(publicCredit(e, 'cs')).toBe('Eliška Š., 14 let, Ústecký kraj');
    expect(publicCredit(e, 'en')).toBe('Eliška Š., age 14, Ústí nad Labem Region');
    expect(publicCredit(e, 'en')).not.toContain('Šťastná');
  });

  it('copes with a lower-case or padded surname', () => {
    expect(publicName({ firstName: ' Jan ', surname: ' van Dijk' })).toBe('Jan V.');
  });
});
