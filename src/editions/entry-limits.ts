import { ACCEPTED_FORMATS, DEFAULT_POLICY, MB, type ImagePolicy } from '#src/artworks/image-policy.ts';

/**
 * Limits every edition's entry form shares, shown to the artist and enforced by the schema, the
 * image policy, the form's own checks and the server's body limit (astro.config.mjs). Change a
 * number here and the texts follow: they name these values through placeholders (entryTextParams).
 */
export const ENTRY_LIMITS = {
  nameMax: 60,
  titleMax: 120,
  schoolMax: 120,
  townMax: 80,
  statementMin: 10,
  statementMax: 600,
  altTextMin: 10,
  altTextMax: 1500,
  emailMax: 254,
  ageMin: 6,
  ageMax: 19,
  /** Below this age a guardian must give consent. */
  guardianAge: 15,
  fileMaxBytes: DEFAULT_POLICY.maxBytes,
  /** What the form sends at most in one entry: it refuses more before uploading. */
  totalMaxBytes: 120 * MB,
  pagesMax: 12,
} as const;

/**
 * Pages one client address may upload in the background in an hour: every page of as many entries
 * as ENTRY_RATE_LIMIT allows, twice over (a refused picture is replaced by another).
 */
export function uploadsPerHour(entryRateLimit: number): number {
  return entryRateLimit * ENTRY_LIMITS.pagesMax * 2;
}

/** The server's limit on one Action request: a whole entry plus room for the multipart framing and the text fields. */
export const ENTRY_BODY_LIMIT = ENTRY_LIMITS.totalMaxBytes + 10 * MB;

export type EntryLimits = { -readonly [K in keyof typeof ENTRY_LIMITS]: number };

/**
 * The numbers the entry form's texts name, as placeholders: {maxMb}, {minSide}, {maxMegapixels},
 * {formats} (in the language's "a, b or c"), {pagesMax}. Pass other limits to see the texts change.
 */
export function entryTextParams(lang: string, limits: Pick<EntryLimits, 'fileMaxBytes' | 'pagesMax'> = ENTRY_LIMITS, policy: ImagePolicy = DEFAULT_POLICY) {
  return {
    maxMb: Math.floor(limits.fileMaxBytes / MB),
    pagesMax: limits.pagesMax,
    minSide: policy.minShortSide,
    maxMegapixels: Math.floor(policy.maxPixels / 1_000_000),
    formats: new Intl.ListFormat(lang, { type: 'disjunction' }).format(Object.values(ACCEPTED_FORMATS).map((f) => f.label)),
  };
}
