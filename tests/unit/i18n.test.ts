import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_LANGS, DEFAULT_LANG, dict, LANGS, localeOf, machineDrafted, namespacesOf, plural } from '#src/i18n/index.ts';
import { pupilsText } from '#src/tour/visits.ts';
import { ROOT } from '../helpers/site.ts';

/** Every string of a dictionary with its dotted key. */
function strings(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (Array.isArray(node)) return node.flatMap((v, i) => strings(v, `${prefix}.${i}`));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
  return [];
}
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('languages are one config entry and one folder', () => {
  it('the first language is the default, and every language has its folder of dictionaries', () => {
    expect(LANGS[0]).toBe(DEFAULT_LANG);
    const folders = readdirSync(join(ROOT, 'src/i18n'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders).toEqual([...LANGS].sort());
    expect(LANGS).toContain('uk');
    expect(CATALOGUE_LANGS).toEqual(['cs', 'en']);
  });

  it('namespaces never share a top-level key, so one language’s texts side by side lose nothing', () => {
    for (const lang of LANGS) {
      const keys = Object.values(namespacesOf(lang)).flatMap((ns) => Object.keys(ns));
      expect(keys.filter((k, i) => keys.indexOf(k) !== i), lang).toEqual([]);
    }
  });

  it('every language has exactly the Czech keys, and each text the same {placeholders}', () => {
    const reference = new Map(strings(dict(DEFAULT_LANG)));
    for (const lang of LANGS) {
      const texts = new Map(strings(dict(lang)));
      expect([...texts.keys()].sort(), lang).toEqual([...reference.keys()].sort());
      const wrong = [...texts].filter(([k, v]) => placeholders(v).join() !== placeholders(reference.get(k)!).join()).map(([k]) => k);
      expect(wrong, lang).toEqual([]);
    }
  });

  it('machine-drafted texts are marked by namespace for review, and really are translated', () => {
    expect(machineDrafted('uk')).toEqual(expect.arrayContaining(['site', 'entry', 'mail']));
    expect(machineDrafted('cs')).toEqual([]);
    const english = new Map(strings(namespacesOf('en').site));
    const words = (v: string) => v.replace(/\{\w+\}/g, '');
    const same = strings(namespacesOf('uk').site).filter(([k, v]) => english.get(k) === v && /[a-z]{4}/i.test(words(v)) && !k.endsWith('.admin'));
    // Only proper names and codes may read the same as in English.
    expect(same.map(([k]) => k)).toEqual([]);
  });
});

describe('plural forms follow each language’s rules', () => {
  const forms = { one: '{n} strana', few: '{n} strany', many: '{n} strany', other: '{n} stran' };
  it('Czech: 1 strana, 2–4 strany, 5 stran, 1,5 strany', () => {
    expect([1, 2, 4, 5, 12, 21, 1.5].map((n) => plural(forms, n, 'cs'))).toEqual(['1 strana', '2 strany', '4 strany', '5 stran', '12 stran', '21 stran', '1.5 strany']);
  });
  it('Ukrainian: 1, 21 сторінка; 2–4, 22 сторінки; 5–20, 25 сторінок', () => {
    const uk = dict('uk').gallery.pagesCount;
    expect([1, 21, 2, 22, 5, 11, 25].map((n) => plural(uk, n, 'uk'))).toEqual(['1 сторінка', '21 сторінка', '2 сторінки', '22 сторінки', '5 сторінок', '11 сторінок', '25 сторінок']);
  });
  it('English: one and other, and ages read naturally in each language', () => {
    expect([1, 3].map((n) => plural(dict('en').gallery.pagesCount, n, 'en'))).toEqual(['1 page', '3 pages']);
    expect(plural(dict('cs').gallery.age, 14, 'cs')).toBe('14 let');
    expect(plural(dict('uk').gallery.age, 14, 'uk')).toBe('14 років');
    expect(localeOf('uk')).toBe('uk-UA');
  });
  it('counted nouns decline after a preposition: "pro 2 žáky", "для 2 учнів"', () => {
    expect([1, 2, 5].map((n) => pupilsText(n, 'cs'))).toEqual(['1 žák', '2 žáci', '5 žáků']);
    expect([1, 2, 5].map((n) => pupilsText(n, 'cs', 'for'))).toEqual(['1 žáka', '2 žáky', '5 žáků']);
    expect([1, 2, 5].map((n) => pupilsText(n, 'uk', 'for'))).toEqual(['1 учня', '2 учнів', '5 учнів']);
  });
});
