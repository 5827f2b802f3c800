import { z } from 'zod';
import type { Db } from './db.ts';

/** A yearly call of the competition. Open and close are instants (ISO 8601 with offset). */
export const editionSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  titleCs: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().min(1).max(200),
  themeCs: z.string().trim().max(2000).default(''),
  themeEn: z.string().trim().max(2000).default(''),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
});
export type EditionInput = z.input<typeof editionSchema>;

export interface Edition {
  id: number;
  year: number;
  titleCs: string;
  titleEn: string;
  themeCs: string;
  themeEn: string;
  opensAt: string;
  closesAt: string;
}

interface EditionRow {
  id: number;
  year: number;
  title_cs: string;
  title_en: string;
  theme_cs: string;
  theme_en: string;
  opens_at: string;
  closes_at: string;
}

const toEdition = (r: EditionRow): Edition => ({
  id: r.id,
  year: r.year,
  titleCs: r.title_cs,
  titleEn: r.title_en,
  themeCs: r.theme_cs,
  themeEn: r.theme_en,
  opensAt: r.opens_at,
  closesAt: r.closes_at,
});

export function currentEdition(db: Db): Edition | undefined {
  const row = db.get<EditionRow>('SELECT * FROM editions WHERE is_current = 1 ORDER BY id DESC LIMIT 1');
  return row ? toEdition(row) : undefined;
}

/** Creates an edition and makes it the current one. */
export function createEdition(db: Db, input: EditionInput): Edition {
  const e = editionSchema.parse(input);
  return db.tx(() => {
    db.run('UPDATE editions SET is_current = 0');
    const { lastInsertRowid } = db.run(
      `INSERT INTO editions (year, title_cs, title_en, theme_cs, theme_en, opens_at, closes_at, is_current)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
      e.year, e.titleCs, e.titleEn, e.themeCs, e.themeEn, e.opensAt, e.closesAt,
    );
    return currentEditionById(db, lastInsertRowid);
  });
}

function currentEditionById(db: Db, id: number): Edition {
  return toEdition(db.get<EditionRow>('SELECT * FROM editions WHERE id = ?', id)!);
}

export function isOpen(edition: Edition, now: Date = new Date()): boolean {
  return now >= new Date(edition.opensAt) && now < new Date(edition.closesAt);
}

/** An edition open for the whole current year, so a fresh site can take entries at once. */
export function defaultEdition(now: Date = new Date()): EditionInput {
  const year = now.getUTCFullYear();
  return {
    year,
    titleCs: `Kreslená pravda ${year}`,
    titleEn: `Cartoon Truth ${year}`,
    themeCs: 'Obchod s lidmi očima mladých autorů',
    themeEn: 'Human trafficking through the eyes of young artists',
    opensAt: `${year}-01-01T00:00:00+01:00`,
    closesAt: `${year + 1}-01-31T23:59:59+01:00`,
  };
}
