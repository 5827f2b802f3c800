import { z } from 'zod';
import type { Db } from '#src/platform/db.ts';
import { readPublic } from '#src/platform/http/public-cache.ts';
import { localized, localizedField, type Lang } from '#src/i18n/index.ts';

/** A help contact shown on every public page and on the catalogue's back cover. Organisers edit these. */
export const helpContactSchema = z.object({
  organisation: z.string().trim().min(1).max(120),
  phone: z.string().trim().regex(/^\+?[0-9 ]{3,20}$/),
  hoursCs: z.string().trim().max(120).default(''),
  hoursEn: z.string().trim().max(120).default(''),
  web: z.url({ protocol: /^https?$/ }).optional(),
  descriptionCs: z.string().trim().max(300).default(''),
  descriptionEn: z.string().trim().max(300).default(''),
});
export type HelpContact = z.infer<typeof helpContactSchema>;

export const DEFAULT_HELP_CONTACTS: HelpContact[] = [
  {
    organisation: 'Linka bezpečí',
    phone: '116 111',
    hoursCs: 'nonstop, zdarma',
    hoursEn: 'day and night, free of charge',
    web: 'https://www.linkabezpeci.cz',
    descriptionCs: 'Pro děti a studenty do 26 let. Anonymně, i chatem a e-mailem.',
    descriptionEn: 'For children and students up to 26. Anonymous, also by chat and e-mail.',
  },
  {
    organisation: 'La Strada Česká republika',
    phone: '+420 222 717 171',
    hoursCs: 'po–pá 9–17 h',
    hoursEn: 'Mon–Fri 9 am – 5 pm',
    web: 'https://www.strada.cz',
    descriptionCs: 'Pomoc lidem ohroženým obchodem s lidmi a vykořisťováním.',
    descriptionEn: 'Help for people at risk of trafficking and exploitation.',
  },
];

const KEY = 'help_contacts';
let lastRead: HelpContact[] | undefined;

export async function getHelpContacts(db: Db): Promise<HelpContact[]> {
  const row = await readPublic(db, KEY, () => db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', KEY));
  const parsed = row ? z.array(helpContactSchema).safeParse(JSON.parse(row.value)) : undefined;
  lastRead = parsed?.success ? parsed.data : DEFAULT_HELP_CONTACTS;
  return lastRead;
}

/** The contacts as last read, for a page that cannot reach the database (help comes first, outage or not). */
export function lastHelpContacts(): HelpContact[] {
  return lastRead ?? DEFAULT_HELP_CONTACTS;
}

export async function setHelpContacts(db: Db, contacts: HelpContact[]): Promise<void> {
  const valid = z.array(helpContactSchema).min(1).parse(contacts);
  await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', KEY, JSON.stringify(valid));
}

/**
 * Help contacts for the speakers of one language, when they need their own: organisers edit these
 * at /admin/help (stored under `help_contacts:<lang>`). Ukrainian-speaking children start with the
 * same lines described in Ukrainian; a language without its own list shows the shared one.
 */
export const localContactSchema = z.object({
  organisation: z.string().trim().min(1).max(120),
  phone: z.string().trim().regex(/^\+?[0-9 ]{3,20}$/),
  hours: z.string().trim().max(120).default(''),
  web: z.url({ protocol: /^https?$/ }).optional(),
  description: z.string().trim().max(300).default(''),
});
export type LocalContact = z.infer<typeof localContactSchema>;

/** The built-in lists of languages that have one (a starting point for organisers, drafted by machine). */
export const DEFAULT_LOCAL_CONTACTS: Partial<Record<Lang, LocalContact[]>> = {
  uk: [
    {
      organisation: 'Linka bezpečí',
      phone: '116 111',
      hours: 'цілодобово, безкоштовно',
      web: 'https://www.linkabezpeci.cz',
      description: 'Для дітей і молоді до 26 років. Анонімно, також через чат і e-mail.',
    },
    {
      organisation: 'La Strada Česká republika',
      phone: '+420 222 717 171',
      hours: 'пн–пт 9–17',
      web: 'https://www.strada.cz',
      description: 'Допомога людям, яким загрожує торгівля людьми та експлуатація.',
    },
  ],
};

const localKey = (lang: Lang) => `${KEY}:${lang}`;

/** A language's own list as stored, or its built-in one, or undefined when it shows the shared list. */
export async function getLocalContacts(db: Db, lang: Lang): Promise<LocalContact[] | undefined> {
  const row = await readPublic(db, localKey(lang), () => db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', localKey(lang)));
  if (row) {
    const parsed = z.array(localContactSchema).safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data.length ? parsed.data : undefined;
  }
  return DEFAULT_LOCAL_CONTACTS[lang];
}

/** Where a language's help contacts come from: its own stored list, the built-in one, or the shared list. */
export async function localContactsSource(db: Db, lang: Lang): Promise<'stored' | 'built-in' | 'shared'> {
  const own = await getLocalContacts(db, lang);
  if (!own) return 'shared';
  return (await db.get('SELECT 1 AS x FROM settings WHERE key = ?', localKey(lang))) ? 'stored' : 'built-in';
}

/** Saves a language's own list; an empty list means: show the shared one. */
export async function setLocalContacts(db: Db, lang: Lang, contacts: z.input<typeof localContactSchema>[]): Promise<void> {
  const valid = z.array(localContactSchema).parse(contacts);
  await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', localKey(lang), JSON.stringify(valid));
}

/** A language's own list as organisers type it: one contact per line, "organisation | phone | hours | web | description". */
export function parseLocalContactLines(text: string): { ok: true; contacts: LocalContact[] } | { ok: false; line: number } {
  const contacts: LocalContact[] = [];
  for (const [i, line] of text.split(/\r?\n/).map((l) => l.trim()).entries()) {
    if (!line) continue;
    const [organisation, phone, hours, web, description] = line.split('|').map((p) => p.trim());
    const parsed = localContactSchema.safeParse({ organisation, phone, hours: hours ?? '', web: web || undefined, description: description ?? '' });
    if (!parsed.success) return { ok: false, line: i + 1 };
    contacts.push(parsed.data);
  }
  return { ok: true, contacts };
}

export function localContactLines(contacts: LocalContact[]): string {
  return contacts.map((c) => [c.organisation, c.phone, c.hours, c.web ?? '', c.description].join(' | ').replace(/( \| )+$/, '')).join('\n');
}

/** A help contact as a page in one language shows it. */
export type ShownContact = LocalContact;

/**
 * The help contacts a page in `lang` shows: the language's own list, else the shared one in that
 * language. Without a database (an error page when it cannot be read), the ones last read.
 */
export async function helpContactsFor(db: Db | undefined, lang: Lang): Promise<ShownContact[]> {
  const own = db ? await getLocalContacts(db, lang) : DEFAULT_LOCAL_CONTACTS[lang];
  if (own) return own;
  return (db ? await getHelpContacts(db) : lastHelpContacts()).map((c) => ({
    organisation: c.organisation,
    phone: c.phone,
    hours: localized(localizedField(c, 'hours'), lang),
    ...(c.web ? { web: c.web } : {}),
    description: localized(localizedField(c, 'description'), lang),
  }));
}

/** `tel:` link target: digits and a leading plus only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+0-9]/g, '')}`;
}
