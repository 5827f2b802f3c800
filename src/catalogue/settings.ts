/**
 * What organisers can override in the admin for the catalogue: the edition title printed on it
 * and the list of partners (help contacts are edited with src/gallery/help.ts). Stored in `settings`.
 *
 * Plain, erasable TypeScript only.
 */
import { z } from 'zod';
import type { Db } from '#src/platform/db.ts';
import { helpContactSchema, type HelpContact } from '#src/gallery/help.ts';

export const partnerSchema = z.object({
  name: z.string().trim().min(1).max(120),
  roleCs: z.string().trim().max(120).default(''),
  roleEn: z.string().trim().max(120).default(''),
  web: z.url({ protocol: /^https?$/ }).optional(),
  /** One of the logos shipped in catalogue/partners/. */
  logo: z.string().regex(/^[a-z0-9-]+\.svg$/).optional(),
});
export type Partner = z.infer<typeof partnerSchema>;

export const posterTextSchema = z.object({
  hours: z.string().trim().max(300).default(''),
  access: z.string().trim().max(1000).default(''),
});

export const catalogueSettingsSchema = z.object({
  titleCs: z.string().trim().max(160).default(''),
  titleEn: z.string().trim().max(160).default(''),
  /** When set, replaces the partners of the content collection. */
  partners: z.array(partnerSchema).max(40).optional(),
  /** The work on the catalogue's cover (and posters, unless one names another); the first awarded work when unset. */
  coverEntryId: z.number().int().positive().optional(),
  /** Posters: a stop's opening hours and access translated, by stop id and language. */
  posters: z.record(z.string(), z.record(z.string(), posterTextSchema)).optional(),
});
export type CatalogueSettings = z.infer<typeof catalogueSettingsSchema>;

const KEY = 'catalogue';

export async function getCatalogueSettings(db: Db): Promise<CatalogueSettings> {
  const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', KEY);
  const parsed = catalogueSettingsSchema.safeParse(row ? JSON.parse(row.value) : {});
  return parsed.success ? parsed.data : catalogueSettingsSchema.parse({});
}

/** Saves the settings; fields left out keep their stored values. */
export async function setCatalogueSettings(db: Db, settings: Partial<z.input<typeof catalogueSettingsSchema>>): Promise<CatalogueSettings> {
  const valid = catalogueSettingsSchema.parse({ ...(await getCatalogueSettings(db)), ...settings });
  await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', KEY, JSON.stringify(valid));
  return valid;
}

/**
 * Partners typed one per line as "name | role in Czech | role in English | web | logo.svg"
 * (everything after the name optional). An empty text means: use the catalogue's own list.
 */
export function parsePartnerLines(text: string): { ok: true; partners: Partner[] | undefined } | { ok: false; line: number } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { ok: true, partners: undefined };
  const partners: Partner[] = [];
  for (const [i, line] of lines.entries()) {
    const [name, roleCs, roleEn, web, logo] = line.split('|').map((s) => s.trim());
    const parsed = partnerSchema.safeParse({ name, roleCs: roleCs ?? '', roleEn: roleEn ?? '', web: web || undefined, logo: logo || undefined });
    if (!parsed.success) return { ok: false, line: i + 1 };
    partners.push(parsed.data);
  }
  return { ok: true, partners };
}

/** Keeps a stop's poster texts in a language (empty texts remove the translation). */
export async function setPosterTexts(db: Db, stopId: number, lang: string, texts: z.input<typeof posterTextSchema>): Promise<CatalogueSettings> {
  const t = posterTextSchema.parse(texts);
  return db.tx(async (db) => {
    const current = await getCatalogueSettings(db);
    const posters = { ...current.posters };
    const forStop = { ...posters[String(stopId)] };
    if (t.hours || t.access) forStop[lang] = t;
    else delete forStop[lang];
    posters[String(stopId)] = forStop;
    return setCatalogueSettings(db, { posters });
  });
}

export function partnerLines(partners: Partner[] | undefined): string {
  return (partners ?? []).map((p) => [p.name, p.roleCs, p.roleEn, p.web ?? '', p.logo ?? ''].join(' | ').replace(/( \| )+$/, '')).join('\n');
}

/**
 * Help contacts typed one per line as "organisation | phone | when (cs) | when (en) | web |
 * description (cs) | description (en)". At least one line.
 */
export function parseHelpLines(text: string): { ok: true; contacts: HelpContact[] } | { ok: false; line: number } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { ok: false, line: 1 };
  const contacts: HelpContact[] = [];
  for (const [i, line] of lines.entries()) {
    const [organisation, phone, hoursCs, hoursEn, web, descriptionCs, descriptionEn] = line.split('|').map((s) => s.trim());
    const parsed = helpContactSchema.safeParse({ organisation, phone, hoursCs: hoursCs ?? '', hoursEn: hoursEn ?? '', web: web || undefined, descriptionCs: descriptionCs ?? '', descriptionEn: descriptionEn ?? '' });
    if (!parsed.success) return { ok: false, line: i + 1 };
    contacts.push(parsed.data);
  }
  return { ok: true, contacts };
}

export function helpLines(contacts: HelpContact[]): string {
  return contacts.map((c) => [c.organisation, c.phone, c.hoursCs, c.hoursEn, c.web ?? '', c.descriptionCs, c.descriptionEn].join(' | ').replace(/( \| )+$/, '')).join('\n');
}
