import { describe, expect, it } from 'vitest';
import { publicCredit, publicName } from '#src/entries/credit.ts';

const eliska = { firstName: 'Eliška', surname: 'Šťastná', age: 14, region: 'ULK', town: 'Děčín', hideName: false };

describe('public credit', () => {
  it('shows first name and surname initial, age and town, never the surname', () => {
    expect(publicCredit(eliska, 'cs')).toBe('Eliška Š., 14 let, Děčín');
    expect(publicCredit(eliska, 'en')).toBe('Eliška Š., age 14, Děčín');
    expect(publicCredit(eliska, 'en')).not.toContain('Šťastná');
  });

  it('names the region when the town is unknown', () => {
    expect(publicCredit({ ...eliska, town: '  ' }, 'cs')).toBe('Eliška Š., 14 let, Ústecký kraj');
    expect(publicCredit({ ...eliska, town: '' }, 'en')).toBe('Eliška Š., age 14, Ústí nad Labem Region');
  });

  it('shows only age and region when the artist asked not to publish the name', () => {
    const hidden = publicCredit({ ...eliska, hideName: true }, 'cs');
    expect(hidden).toBe('14 let, Ústecký kraj');
    expect(hidden).not.toContain('Eliška');
    expect(hidden).not.toContain('Děčín');
  });

  it('copes with a lower-case or padded surname', () => {
    expect(publicName({ firstName: ' Jan ', surname: ' van Dijk' })).toBe('Jan V.');
  });
});
