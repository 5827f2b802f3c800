import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, MB } from '#src/artworks/image-policy.ts';
import { ENTRY_LIMITS, entryTextParams } from '#src/editions/entry-limits.ts';
import { entryTexts } from '#src/entries/texts.ts';
import { dict, fillTree, LANGS, localized, localizedField } from '#src/i18n/index.ts';

const strings = (tree: unknown): string[] =>
  typeof tree === 'string' ? [tree] : tree && typeof tree === 'object' ? Object.values(tree).flatMap(strings) : [];

describe('limits come from one place and the texts follow them', () => {
  it('a different file size limit, page count or format list changes what the artist reads', () => {
    for (const lang of LANGS) {
      const texts = (params: ReturnType<typeof entryTextParams>) => ({ ...fillTree(dict(lang).enter, params), ...fillTree(dict(lang).errors, params) });
      const now = { ...entryTexts(lang).enter, ...entryTexts(lang).errors };
      const smaller = texts(entryTextParams(lang, { ...ENTRY_LIMITS, fileMaxBytes: 7 * MB }, { ...DEFAULT_POLICY, minShortSide: 640 }));
      // Megabytes as the language writes them: MB, or МБ in Ukrainian.
      const mb = (n: number) => new RegExp(`\\b${n} (MB|МБ)`);
      expect(now.image['too-large-file']).toMatch(mb(ENTRY_LIMITS.fileMaxBytes / MB));
      expect(smaller.image['too-large-file']).toMatch(mb(7));
      expect(smaller.pagesHint).toMatch(mb(7));
      expect(smaller.pagesHint).toContain('640 px');
      expect(now.pagesHint).toMatch(/JPEG.*PNG.*WebP.*AVIF.*TIFF/);
    }
  });

  it('no dictionary writes a limit as a number in prose', () => {
    const params = entryTextParams('en');
    for (const lang of LANGS) {
      const all = strings(dict(lang));
      expect(all.filter((s) => /\b(25 (MB|МБ)|800 px|100 (mega|мега))/.test(s) || s.includes(`${params.maxMb} MB`) || s.includes(`${params.minSide} px`) || s.includes(`${params.maxMegapixels} mega`))).toEqual([]);
    }
  });

  it('the server takes a whole entry the form allows, and each page the image policy allows', () => {
    expect(ENTRY_LIMITS.fileMaxBytes).toBe(DEFAULT_POLICY.maxBytes);
    expect(ENTRY_LIMITS.totalMaxBytes).toBeGreaterThanOrEqual(ENTRY_LIMITS.fileMaxBytes);
  });
});

describe('localized texts', () => {
  it('read in the language asked for, and in the default language where a language is missing', () => {
    const award = { nameCs: '1. místo', nameEn: '1st place' };
    expect(localized(localizedField(award, 'name'), 'en')).toBe('1st place');
    expect(localized(localizedField(award, 'name'), 'cs')).toBe('1. místo');
    // A language added later without its column reads as Czech, not as nothing.
    expect(localized({ cs: 'Komiks' }, 'en')).toBe('Komiks');
    // An empty English text stays empty: organisers chose it.
    expect(localized(localizedField({ titleCs: 'Název', titleEn: '' }, 'title'), 'en')).toBe('');
  });
});
