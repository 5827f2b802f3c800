import { z } from 'zod';
import type { Db } from '#src/platform/db.ts';

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
  const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', KEY);
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

/** `tel:` link target: digits and a leading plus only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^+0-9]/g, '')}`;
}
