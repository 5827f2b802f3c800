import type { Db } from '#src/platform/db.ts';
import { toCsv } from '#src/platform/csv.ts';
import { getEdition } from '#src/editions/edition.ts';
import { categoryLabel } from '#src/editions/categories.ts';
import { criterionMeans, jurorScores, leaderboards, listCriteria } from '#src/jury/jury.ts';
import { regionName } from '#src/platform/regions.ts';
import { listAwards } from '#src/jury/awards.ts';
import { dict, localized, localizedField, type Lang } from '#src/i18n/index.ts';
import type { ConsentState, EntryStatus } from '#src/entries/entry.ts';

/**
 * The organisers' CSV exports (see csv.ts for the format): entries with contacts (certificates and
 * prize letters), schools with their teachers, the results, and the scores per criterion and per
 * juror. Headers and values are in the admin's language: statuses, categories, consents and
 * regions by their names, numbers with the language's decimal mark, never an internal code.
 */
const decimal = (lang: Lang) => (n: number | null) => (n === null ? '' : n.toLocaleString(lang, { maximumFractionDigits: 3, useGrouping: false }));

async function awardNames(db: Db, editionId: number, lang: Lang): Promise<Map<number, string>> {
  return new Map((await listAwards(db, editionId)).map((a) => [a.id, localized(localizedField(a, 'name'), lang)]));
}

export async function entriesCsv(db: Db, editionId: number, lang: Lang, opts: { status?: string } = {}): Promise<string> {
  const t = dict(lang).bo;
  const h = t.csv;
  const edition = await getEdition(db, editionId);
  const awards = await awardNames(db, editionId, lang);
  const rows = await db.all<Record<string, string | number | null>>(
    `SELECT reference, status, first_name, surname, age, school, town, region, category, title, award_id, artist_email, guardian_name,
       guardian_email, teacher_email, consent_publish, consent_print, consent_state, created_at
     FROM entries WHERE edition_id = ? ${opts.status ? 'AND status = ?' : ''} ORDER BY seq`,
    editionId,
    ...(opts.status ? [opts.status] : []),
  );
  const yes = (v: unknown) => (v ? t.common.yes : t.common.no);
  return toCsv([...h.entries], rows.map((r) => [
    r.reference, t.statuses[r.status as EntryStatus], r.first_name, r.surname, r.age, r.school, r.town, regionName(String(r.region), lang),
    categoryLabel(edition, String(r.category), lang), r.title, r.award_id ? awards.get(Number(r.award_id)) ?? '' : '', r.artist_email, r.guardian_name,
    r.guardian_email, r.teacher_email, yes(r.consent_publish), yes(r.consent_print), t.consentStates[r.consent_state as ConsentState], String(r.created_at).slice(0, 10),
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
  return toCsv([...dict(lang).bo.csv.schools], rows.map((r) => [r.school, r.town, regionName(r.region, lang), (r.teachers ?? '').split(',').join(', '), r.n, r.accepted, r.awarded]));
}

export async function resultsCsv(db: Db, editionId: number, lang: Lang): Promise<string> {
  const t = dict(lang).bo;
  const edition = await getEdition(db, editionId);
  const awards = await awardNames(db, editionId, lang);
  const num = decimal(lang);
  const rows = (await leaderboards(db, editionId)).flatMap((b) =>
    b.standings.map((s) => [
      categoryLabel(edition, b.category, lang), b.ageGroup, s.rank ?? '', s.tie ? t.common.yes : '', s.reference, s.title, num(s.mean), s.count, s.abstentions,
      num(s.spread), s.awardId ? awards.get(s.awardId) ?? '' : '',
    ]),
  );
  return toCsv([...t.csv.results], rows);
}

/** One row per work: its group and the mean of each criterion over the jurors who scored it. */
export async function criteriaCsv(db: Db, editionId: number, lang: Lang): Promise<string> {
  const t = dict(lang).bo.csv;
  const edition = await getEdition(db, editionId);
  const criteria = await listCriteria(db, editionId);
  const means = await criterionMeans(db, editionId);
  const num = decimal(lang);
  const rows = (await leaderboards(db, editionId)).flatMap((b) =>
    b.standings.map((s) => [
      categoryLabel(edition, b.category, lang), b.ageGroup, s.reference, s.title,
      ...criteria.map((c) => num(means.get(s.entryId)?.[String(c.id)] ?? null)), num(s.mean), s.count,
    ]),
  );
  return toCsv([...t.criteriaLead, ...criteria.map((c) => localized(localizedField(c, 'name'), lang)), t.mean, t.scores], rows);
}

/** One row per juror and work: every criterion they gave, their weighted total, or their abstention. */
export async function jurorsCsv(db: Db, editionId: number, lang: Lang): Promise<string> {
  const t = dict(lang).bo;
  const criteria = await listCriteria(db, editionId);
  const refs = new Map((await db.all<{ id: number; reference: string; title: string }>('SELECT id, reference, title FROM entries WHERE edition_id = ?', editionId)).map((r) => [r.id, r]));
  const num = decimal(lang);
  const rows = (await jurorScores(db, editionId)).map((s) => [
    s.name || s.email, s.email, refs.get(s.entryId)?.reference ?? '', refs.get(s.entryId)?.title ?? '',
    ...criteria.map((c) => (s.abstain ? '' : num(s.criteria[String(c.id)] ?? null))), num(s.total), s.abstain ? t.common.yes : '',
  ]);
  return toCsv([...t.csv.jurorsLead, ...criteria.map((c) => localized(localizedField(c, 'name'), lang)), t.csv.total, t.csv.abstained], rows);
}
