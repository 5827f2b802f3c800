import type { Db } from '#src/platform/db.ts';
import { toCsv } from '#src/platform/csv.ts';
import { getEdition } from '#src/editions/edition.ts';
import { categoryLabel } from '#src/editions/categories.ts';
import { leaderboards } from '#src/jury/jury.ts';
import { regionName } from '#src/platform/regions.ts';
import { listAwards } from '#src/jury/awards.ts';
import type { Lang } from '#src/i18n/config.ts';
import { localized, localizedField } from '#src/i18n/format.ts';

/**
 * The organisers' CSV exports (see csv.ts for the format): entries with contacts (certificates and
 * prize letters), schools with their teachers, and the results. Headers are in the admin's language.
 */
const H = {
  cs: {
    entries: ['Číslo', 'Stav', 'Jméno', 'Příjmení', 'Věk', 'Škola', 'Obec', 'Kraj', 'Kategorie', 'Název', 'Ocenění', 'E-mail autora', 'Zákonný zástupce', 'E-mail zástupce', 'E-mail učitele', 'Souhlas web', 'Souhlas tisk', 'Souhlas zástupce', 'Přijato'],
    schools: ['Škola', 'Obec', 'Kraj', 'E-maily učitelů', 'Přihlášek', 'Přijato', 'Oceněno'],
    results: ['Kategorie', 'Věková skupina', 'Pořadí', 'Shoda', 'Číslo', 'Název', 'Průměr', 'Hodnocení', 'Zdrželi se', 'Rozptyl', 'Ocenění'],
    yes: 'ano',
    no: 'ne',
  },
  en: {
    entries: ['Reference', 'Status', 'First name', 'Surname', 'Age', 'School', 'Town', 'Region', 'Category', 'Title', 'Award', 'Artist e-mail', 'Guardian', 'Guardian e-mail', 'Teacher e-mail', 'Consent web', 'Consent print', 'Guardian consent', 'Received'],
    schools: ['School', 'Town', 'Region', 'Teacher e-mails', 'Entries', 'Accepted', 'Awarded'],
    results: ['Category', 'Age group', 'Rank', 'Tie', 'Reference', 'Title', 'Mean', 'Scores', 'Abstentions', 'Spread', 'Award'],
    yes: 'yes',
    no: 'no',
  },
} as const;

export async function entriesCsv(db: Db, editionId: number, lang: Lang, opts: { status?: string } = {}): Promise<string> {
  const h = H[lang];
  const awards = new Map((await listAwards(db, editionId)).map((a) => [a.id, localized(localizedField(a, 'name'), lang)]));
  const rows = await db.all<Record<string, string | number | null>>(
    `SELECT reference, status, first_name, surname, age, school, town, region, category, title, award_id, artist_email, guardian_name,
       guardian_email, teacher_email, consent_publish, consent_print, consent_state, created_at
     FROM entries WHERE edition_id = ? ${opts.status ? 'AND status = ?' : ''} ORDER BY seq`,
    editionId,
    ...(opts.status ? [opts.status] : []),
  );
  return toCsv([...h.entries], rows.map((r) => [
    r.reference, r.status, r.first_name, r.surname, r.age, r.school, r.town, regionName(String(r.region), lang), r.category, r.title,
    r.award_id ? awards.get(Number(r.award_id)) ?? '' : '', r.artist_email, r.guardian_name, r.guardian_email, r.teacher_email,
    r.consent_publish ? h.yes : h.no, r.consent_print ? h.yes : h.no, r.consent_state, String(r.created_at).slice(0, 10),
  ]));
}

export async function schoolsCsv(db: Db, editionId: number, lang: Lang): Promise<string> {
  const rows = await db.all<{ school: string; town: string; region: string; teachers: string | null; n: number; accepted: number; awarded: number }>(
    // One row per school whatever the case its name was typed in.
    `SELECT MIN(school) AS school, town, region, ${db.dialect.distinctList('teacher_email')} AS teachers, COUNT(*) AS n,
       SUM(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END) AS accepted, SUM(CASE WHEN award_id IS NOT NULL THEN 1 ELSE 0 END) AS awarded
     FROM entries WHERE edition_id = ? AND school <> '' GROUP BY lower(school), town, region ORDER BY lower(school), town`,
    editionId,
  );
  return toCsv([...H[lang].schools], rows.map((r) => [r.school, r.town, regionName(r.region, lang), (r.teachers ?? '').split(',').join(', '), r.n, r.accepted, r.awarded]));
}

export async function resultsCsv(db: Db, editionId: number, lang: Lang): Promise<string> {
  const edition = await getEdition(db, editionId);
  const awards = new Map((await listAwards(db, editionId)).map((a) => [a.id, localized(localizedField(a, 'name'), lang)]));
  const cat = (code: string) => categoryLabel(edition, code, lang);
  const num = (n: number | null) => (n === null ? '' : lang === 'cs' ? String(n).replace('.', ',') : String(n));
  const rows = (await leaderboards(db, editionId)).flatMap((b) =>
    b.standings.map((s) => [cat(b.category), b.ageGroup, s.rank ?? '', s.tie ? H[lang].yes : '', s.reference, s.title, num(s.mean), s.count, s.abstentions, num(s.spread), s.awardId ? awards.get(s.awardId) ?? '' : '']),
  );
  return toCsv([...H[lang].results], rows);
}
