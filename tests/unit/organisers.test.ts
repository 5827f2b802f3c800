import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ensureOrganiser, inviteAccount, requestPasswordReset, RESET_PER_HOUR, saveOwnSettings, setPasswordFromLink, setRole } from '#src/accounts/accounts.ts';
import { auditReader } from '#src/backoffice/audit-text.ts';
import { sendDigests } from '#src/backoffice/digest.ts';
import { criteriaCsv, entriesCsv, jurorsCsv } from '#src/backoffice/exports.ts';
import { jobProgressText } from '#src/backoffice/job-status.ts';
import { changeSelection, giveAward } from '#src/backoffice/ops.ts';
import { addManyToSelection, entryByReference, selectionCandidates } from '#src/backoffice/selections.ts';
import { listSelection, moveToPosition } from '#src/catalogue/selection.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { decide, matchReference, saveReason } from '#src/entries/review.ts';
import { dict, plural } from '#src/i18n/index.ts';
import { publicAwards, winners } from '#src/jury/awards.ts';
import { assign, jurorEntry, parseRubric, saveNote, saveScore, setRubric } from '#src/jury/jury.ts';
import { queueAwardMails, sendJuryNotices } from '#src/jury/notices.ts';
import { changeRound, publishResults, setPublishWorks, unpublishResults } from '#src/jury/publication.ts';
import { listAudit } from '#src/platform/audit.ts';
import { deliverDue, makeDeliver } from '#src/platform/mail.ts';
import type { Db } from '#src/platform/db.ts';
import { listQueue, parseQueueFilter } from '#src/entries/review.ts';
import { queryGallery, parseGalleryQuery } from '#src/gallery/gallery.ts';
import { freshDb } from '../helpers/db.ts';

const BASE = 'https://kreslenapravda.example';
const ORG = { id: 1, email: 'org@example.org' };

async function world(n = 3, opts: { ages?: number[]; langs?: string[] } = {}) {
  const { db, dir } = await freshDb('org');
  await ensureOrganiser(db, ORG.email, 'organiser password');
  const editionId = (await createEdition(db, defaultEdition())).id;
  const page = { width: 1240, height: 1754, widths: [480], placeholder: '' };
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const age = opts.ages?.[i] ?? 16;
    ids.push((await insertEntry(
      db,
      {
        firstName: 'Ema', surname: `Zkoušková${i}`, age, town: 'Brno', region: 'JHM', category: 'poster', title: `Dílo ${i + 1}`, statement: 's', altText: 'alt text here',
        artistEmail: `artist${i}@example.org`, ...(age < 15 ? { guardianName: 'Rodič', guardianEmail: `guardian${i}@example.org` } : {}), consentPublish: true, consentPrint: true,
      },
      [page],
      { lang: opts.langs?.[i] ?? 'cs', ...(age < 15 ? { consentState: 'awaiting' as const } : {}) },
    )).id);
  }
  return { db, dir, editionId, ids };
}

/** The queued mails delivered into an outbox folder as .eml and read back as a mail client would. */
async function delivered(db: Db, dir: string) {
  await deliverDue(db, makeDeliver({ dataDir: dir, MAIL_FROM: 'Kreslená pravda <noreply@example.org>', SMTP_URL: undefined }), 'noreply@example.org', Date.now, 500);
  const outbox = join(dir, 'outbox');
  const files = readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map(async (f) => {
    const m = await simpleParser(readFileSync(join(outbox, f)));
    return { to: Array.isArray(m.to) ? m.to.map((a) => a.text).join() : (m.to?.text ?? ''), subject: m.subject ?? '', text: m.text ?? '' };
  }));
}

async function juror(db: Db, email: string, lang = 'cs'): Promise<number> {
  return (await db.get<{ id: number }>(`INSERT INTO accounts (email, name, role, password_hash, lang) VALUES (?, '', 'juror', '!', ?) RETURNING id`, email, lang))!.id;
}

async function openRound(db: Db, editionId: number, ids: number[], jurors: number[], deadline?: string) {
  for (const id of ids) await decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
  const rubric = parseRubric('Sdělení | Message | 2 | Je srozumitelné? | Is it clear?\nNápad | Idea | 1');
  if (!rubric.ok) throw new Error('rubric');
  await setRubric(db, ORG, editionId, rubric.criteria);
  for (const j of jurors) await assign(db, ORG, editionId, j, '', '');
  expect(await changeRound(db, ORG, editionId, 'open', { deadline })).toEqual({ ok: true });
  return (await db.all<{ id: number }>('SELECT id FROM rubric_criteria ORDER BY position')).map((c) => String(c.id));
}

describe('results are drafts until published', () => {
  it('awards show on the winners page and in the award facet only after publishing; taking them back hides them again', async () => {
    const { db, editionId, ids } = await world(2);
    for (const id of ids) await decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
    const award = (await db.get<{ id: number }>(`INSERT INTO awards (edition_id, name_cs, name_en, position) VALUES (?, '1. místo', '1st place', 1) RETURNING id`, editionId))!.id;
    expect(await giveAward(db, ORG, ids[0]!, award)).toEqual({ ok: true });
    const facet = async () => (await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams('award=any'), { categories: ['poster'], ageGroups: [{ min: 16, max: 19 }], awardIds: [award] }))).total;
    expect(await winners(db, editionId)).toEqual([]);
    expect(await publicAwards(db, editionId)).toEqual([]);
    expect(await facet()).toBe(0);
    expect(await publishResults(db, ORG, editionId)).toMatchObject({ ok: true, awarded: [ids[0]] });
    expect((await winners(db, editionId)).map((w) => w.entries.map((e) => e.id))).toEqual([[ids[0]]]);
    expect(await facet()).toBe(1);
    expect(await unpublishResults(db, ORG, editionId)).toBe(true);
    expect(await winners(db, editionId)).toEqual([]);
    expect((await listAudit(db)).rows.map((r) => r.action)).toEqual(expect.arrayContaining(['results.publish', 'results.unpublish']));
  });

  it('asks before a second 1st place in one group, before closing with works unscored and before publishing ties, and says how many', async () => {
    const { db, editionId, ids } = await world(3);
    const j = await juror(db, 'j@example.org');
    const crit = await openRound(db, editionId, ids, [j]);
    const score = async (id: number, v: number) => await saveScore(db, { id: j, email: 'j' }, editionId, id, { abstain: false, values: { [crit[0]!]: v, [crit[1]!]: v } });
    await score(ids[0]!, 8);
    await score(ids[1]!, 8);
    expect(await changeRound(db, ORG, editionId, 'closed')).toEqual({ ok: false, confirm: [{ kind: 'unscored', n: 1, total: 3 }] });
    expect(await changeRound(db, ORG, editionId, 'closed', { confirm: true })).toEqual({ ok: true });
    const award = (await db.get<{ id: number }>(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, '1. místo', '1st place') RETURNING id`, editionId))!.id;
    expect(await giveAward(db, ORG, ids[0]!, award)).toEqual({ ok: true });
    expect(await giveAward(db, ORG, ids[1]!, award)).toEqual({ ok: false, confirm: [{ kind: 'duplicate', n: 1 }] });
    expect(await giveAward(db, ORG, ids[1]!, award, { confirm: true })).toEqual({ ok: true });
    expect(await publishResults(db, ORG, editionId)).toEqual({ ok: false, confirm: [{ kind: 'ties', n: 2 }] });
    expect(await publishResults(db, ORG, editionId, { confirm: true })).toMatchObject({ ok: true });
  });

  it('the embargo setting decides when accepted works are public: by default not while the jury judges', async () => {
    const { db, editionId, ids } = await world(1);
    const gallery = async () => (await queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams()))).total;
    await decide(db, ORG, { ids, decision: 'accepted' }, BASE);
    expect(await gallery()).toBe(1);
    await openRound(db, editionId, [], []);
    expect(await gallery(), 'judging: held back').toBe(0);
    await setPublishWorks(db, ORG, editionId, 'acceptance');
    expect(await gallery(), 'the organisers chose acceptance').toBe(1);
    await setPublishWorks(db, ORG, editionId, 'auto');
    await publishResults(db, ORG, editionId, { confirm: true });
    expect(await gallery(), 'results out').toBe(1);
  });
});

describe('mails through the queue, in the recipient’s language, each once', () => {
  it('decisions: the artist (informally, in the form’s language) or under 15 the guardian (formally), the reason as written', async () => {
    const { db, dir, ids } = await world(3, { ages: [16, 13, 17], langs: ['cs', 'cs', 'en'] });
    await decide(db, ORG, { ids: [ids[0]!], decision: 'accepted' }, BASE);
    await decide(db, ORG, { ids: [ids[1]!], decision: 'rejected', reason: 'other', note: 'Pošlete prosím fotku celého listu.' }, BASE);
    await decide(db, ORG, { ids: [ids[2]!], decision: 'rejected', reason: 'off-topic' }, BASE);
    // The same decision again sends nothing more.
    await decide(db, ORG, { ids: [ids[0]!], decision: 'received' }, BASE);
    await decide(db, ORG, { ids: [ids[0]!], decision: 'accepted' }, BASE);
    const mails = await delivered(db, dir);
    expect(mails.map((m) => m.to)).toEqual(['artist0@example.org', 'guardian1@example.org', 'artist2@example.org']);
    expect(mails[0]!.subject).toMatch(/^Přihláška CT-\d{4}-0001 je přijata do soutěže$/);
    expect(mails[0]!.text).toMatch(/^Dobrý den,\n\ntvoje dílo „Dílo 1“ \(přihláška CT-\d{4}-0001\) jsme přijali/);
    expect(mails[1]!.text).toContain('děkujeme za přihlášku díla „Dílo 2“');
    expect(mails[1]!.text).toContain('Jiný důvod. Pošlete prosím fotku celého listu.');
    expect(mails[1]!.text).toContain('Stav přihlášky uvidíte zde:');
    expect(mails[2]!.subject).toMatch(/^Entry CT-\d{4}-0003 has not been accepted$/);
    expect(mails[2]!.text).toContain('The work is not on the theme of the competition.');
    expect(mails[2]!.text).toContain(`${BASE}/en/status/`);
  });

  it('an invitation in the invitee’s language names who invites and the role; a juror by default', async () => {
    const { db, dir } = await world(0);
    await db.run(`UPDATE accounts SET name = 'Jana Nováková' WHERE id = 1`);
    expect(await inviteAccount(db, ORG, { email: 'Porotce@Example.org' }, BASE)).toMatchObject({ ok: true });
    await inviteAccount(db, ORG, { email: 'judge@example.org', role: 'organiser', lang: 'en' }, BASE);
    expect(await db.all('SELECT email, role, lang FROM accounts WHERE id > 1 ORDER BY id')).toEqual([
      { email: 'porotce@example.org', role: 'juror', lang: 'cs' },
      { email: 'judge@example.org', role: 'organiser', lang: 'en' },
    ]);
    const [cs, en] = await delivered(db, dir);
    expect(cs!.subject).toBe('Pozvánka do administrace soutěže Kreslená pravda');
    expect(cs!.text).toContain('Jana Nováková (org@example.org) Vás zve do administrace soutěže Kreslená pravda v roli porotce.');
    expect(cs!.text).toContain('Heslo si nastavte do 7 dnů');
    expect(cs!.text).toMatch(new RegExp(`${BASE}/admin/password/[\\w-]+\\?lang=cs`));
    expect(en!.subject).toBe('Invitation to the Cartoon Truth back office');
    expect(en!.text).toContain('Jana Nováková (org@example.org) invites you to the Cartoon Truth competition back office in the role of organiser.');
    expect(en!.text).toContain('within 7 days');
  });

  it('a password reset: one valid link at a time, a few an hour, nothing for an unknown or disabled address', async () => {
    const { db, dir } = await world(0);
    const now = new Date();
    for (let i = 0; i < RESET_PER_HOUR + 2; i++) await requestPasswordReset(db, ORG.email, BASE, new Date(now.getTime() + i * 1000));
    await requestPasswordReset(db, 'nobody@example.org', BASE, now);
    const mails = await delivered(db, dir);
    expect(mails.map((m) => m.to)).toEqual(Array(RESET_PER_HOUR).fill(ORG.email));
    expect(mails[0]!.text).toContain('odkaz platí 2 hodiny a jen jednou');
    const token = (m: { text: string }) => /\/admin\/password\/([\w-]+)/.exec(m.text)![1]!;
    expect(await setPasswordFromLink(db, token(mails[0]!), 'an older link')).toEqual({ ok: false, reason: 'used' });
    expect(await setPasswordFromLink(db, token(mails.at(-1)!), 'the newest link works')).toMatchObject({ ok: true });
    // An hour later the account may ask again.
    await requestPasswordReset(db, ORG.email, BASE, new Date(now.getTime() + 3_700_000));
    expect((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM mail_queue WHERE sent_at IS NULL`))!.n).toBe(1);
  });

  it('jurors hear when assigned, when a round opens (once per opening) and two days before its last day, while they have work left', async () => {
    const { db, dir, editionId, ids } = await world(2);
    const cz = await juror(db, 'porotce@example.org');
    const en = await juror(db, 'juror@example.org', 'en');
    const crit = await openRound(db, editionId, ids, [cz, en], '2026-06-20');
    const monday = new Date('2026-06-15T08:00:00Z');
    expect(await sendJuryNotices(db, BASE, monday)).toBe(2); // opened, to both
    expect(await sendJuryNotices(db, BASE, monday)).toBe(0);
    await saveScore(db, { id: en, email: 'juror@example.org' }, editionId, ids[0]!, { abstain: false, values: { [crit[0]!]: 5, [crit[1]!]: 5 } });
    await saveScore(db, { id: en, email: 'juror@example.org' }, editionId, ids[1]!, { abstain: true, values: {} });
    const twoDaysBefore = new Date('2026-06-18T08:00:00Z');
    expect(await sendJuryNotices(db, BASE, twoDaysBefore)).toBe(1); // only the Czech juror has work left
    expect(await sendJuryNotices(db, BASE, new Date('2026-06-19T08:00:00Z')), 'one reminder per deadline').toBe(0);
    const mails = await delivered(db, dir);
    const opened = mails.find((m) => m.to === 'porotce@example.org' && m.subject.startsWith('Hodnocení začalo'))!;
    expect(opened.text).toContain('K ohodnocení máte 2 díla.');
    expect(opened.text).toContain('Hodnotit můžete do 20. června 2026 včetně.');
    const openedEn = mails.find((m) => m.to === 'juror@example.org')!;
    expect(openedEn.subject).toMatch(/^Judging has started: Cartoon Truth \d{4}$/);
    expect(openedEn.text).toContain('You have 2 works to score.');
    const reminder = mails.find((m) => m.subject.startsWith('Připomínka'))!;
    expect(reminder).toMatchObject({ to: 'porotce@example.org', subject: 'Připomínka: hodnocení končí 20. června 2026' });
    expect(reminder.text).toContain('Zbývá Vám ohodnotit 2 díla z 2.');
    expect(reminder.text).toContain(`${BASE}/admin/jury`);
  });

  it('award mails go out with the published results, once per work and award, to the artist or guardian', async () => {
    const { db, dir, editionId, ids } = await world(2, { ages: [16, 12], langs: ['en', 'cs'] });
    for (const id of ids) await decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
    const award = (await db.get<{ id: number }>(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, 'Zvláštní uznání', 'Special mention') RETURNING id`, editionId))!.id;
    for (const id of ids) await giveAward(db, ORG, id, award, { confirm: true });
    const r = await publishResults(db, ORG, editionId) as { ok: true; awarded: number[] };
    expect(await queueAwardMails(db, r.awarded, BASE)).toBe(2);
    expect(await queueAwardMails(db, r.awarded, BASE)).toBe(0);
    const mails = (await delivered(db, dir)).filter((m) => /award|Ocenění/.test(m.subject));
    expect(mails.map((m) => [m.to, m.subject])).toEqual([
      ['artist0@example.org', 'An award in the Cartoon Truth competition: “Special mention”'],
      ['guardian1@example.org', 'Ocenění v soutěži Kreslená pravda: „Zvláštní uznání“'],
    ]);
    expect(mails[0]!.text).toContain('has given your work “Dílo 1” the award “Special mention”');
    expect(mails[1]!.text).toContain('udělila dílu „Dílo 2“ (přihláška CT-');
    expect(mails[1]!.text).toContain(`${BASE}/cs/winners`);
  });

  it('the organisers’ digest: once a day from 7:00 Prague time, in their language, only when there is news; each can switch it off', async () => {
    const { db, dir } = await world(2, { ages: [16, 12] });
    const en = (await db.get<{ id: number }>(`INSERT INTO accounts (email, role, password_hash, lang) VALUES ('en.org@example.org', 'organiser', 'x', 'en') RETURNING id`))!.id;
    const off = (await db.get<{ id: number }>(`INSERT INTO accounts (email, role, password_hash) VALUES ('quiet@example.org', 'organiser', 'x') RETURNING id`))!.id;
    await saveOwnSettings(db, { id: off, email: 'quiet@example.org' }, { lang: 'cs', digest: false });
    await db.run(`INSERT INTO tour_requests (school, address, town, region, teacher, email, phone, windows, pupils, ages, wall_m) VALUES ('ZŠ', 'a', 'Brno', 'JHM', 't', 't@example.org', '1', '[]', 20, '10', 5)`);
    const early = new Date(`${new Date().toISOString().slice(0, 10)}T04:30:00Z`); // 5:30 or 6:30 in Prague
    // Everything arrived in the night before.
    const night = new Date(early.getTime() - 2 * 3600_000).toISOString();
    await db.run('UPDATE entries SET created_at = ?', night);
    await db.run('UPDATE tour_requests SET created_at = ?', night);
    expect(await sendDigests(db, BASE, early)).toBe(0);
    const later = new Date(early.getTime() + 3 * 3600_000);
    expect(await sendDigests(db, BASE, later)).toBe(2);
    expect(await sendDigests(db, BASE, new Date(later.getTime() + 3600_000)), 'once a day').toBe(0);
    const mails = await delivered(db, dir);
    const cs = mails.find((m) => m.to === ORG.email)!;
    expect(cs.subject).toMatch(/^Kreslená pravda: co je nového \(\d+\. \S+ \d{4}\)$/);
    expect(cs.text).toContain('- Nové přihlášky: 2');
    expect(cs.text).toContain('- Čeká na souhlas zákonného zástupce: 1');
    expect(cs.text).toContain('- Nové žádosti škol o výstavu: 1');
    expect(cs.text).toContain(`${BASE}/admin/account`);
    expect(mails.find((m) => m.to === 'en.org@example.org')!.text).toContain('- New entries: 2');
    expect(mails.some((m) => m.to === 'quiet@example.org')).toBe(false);
    // The next day with nothing new but the waiting consent: still worth a line; with nothing at all, no mail.
    await db.run(`UPDATE entries SET consent_state = 'confirmed'`);
    await db.run('DELETE FROM tour_requests');
    expect(await sendDigests(db, BASE, new Date(later.getTime() + 86_400_000))).toBe(0);
    expect(en).toBeGreaterThan(0);
  });
});

describe('the jurors’ desk', () => {
  it('criteria carry descriptions in both languages; a note is the juror’s alone and only on assigned works', async () => {
    const { db, editionId, ids } = await world(2);
    const a = await juror(db, 'a@example.org');
    const b = await juror(db, 'b@example.org');
    await openRound(db, editionId, ids, [a]);
    const rubric = parseRubric('Sdělení | Message | 2 | Je srozumitelné? | Is it clear?\nNápad | Idea | 1');
    expect(rubric).toMatchObject({ ok: true, criteria: [{ descriptionCs: 'Je srozumitelné?', descriptionEn: 'Is it clear?' }, { descriptionCs: '', descriptionEn: '' }] });
    expect(parseRubric('A | B | 1 | c | d | extra')).toEqual({ ok: false, line: 1 });
    expect(await saveNote(db, a, editionId, ids[0]!, '  Ask about the signature.  ')).toBe(true);
    expect(await saveNote(db, b, editionId, ids[0]!, 'not mine to judge')).toBe(false);
    expect((await jurorEntry(db, editionId, a, ids[0]!))!.note).toBe('Ask about the signature.');
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM jury_notes'))!.n).toBe(1);
    await saveNote(db, a, editionId, ids[0]!, '');
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM jury_notes'))!.n).toBe(0);
  });

  it('results export per criterion and per juror, in the admin’s language', async () => {
    const { db, editionId, ids } = await world(1);
    const a = await juror(db, 'a@example.org');
    await db.run(`UPDATE accounts SET name = 'Anna' WHERE id = ?`, a);
    const crit = await openRound(db, editionId, ids, [a]);
    await saveScore(db, { id: a, email: 'a@example.org' }, editionId, ids[0]!, { abstain: false, values: { [crit[0]!]: 9, [crit[1]!]: 6 } });
    const lines = (csv: string) => csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines(await criteriaCsv(db, editionId, 'cs'))).toEqual(['Kategorie;Věková skupina;Číslo;Název;Sdělení;Nápad;Celkový průměr;Hodnocení', expect.stringMatching(/^Plakát;16-19;CT-\d{4}-0001;Dílo 1;9;6;8;1$/)]);
    expect(lines(await jurorsCsv(db, editionId, 'en'))).toEqual(['Juror;Juror e-mail;Reference;Title;Message;Idea;Weighted mean;Abstained', expect.stringMatching(/^Anna;a@example\.org;CT-\d{4}-0001;Dílo 1;9;6;8;$/)]);
    const entries = lines(await entriesCsv(db, editionId, 'en'))[1]!;
    expect(entries).toContain(';Accepted;');
    expect(entries).toContain(';Poster;');
    expect(entries).toContain(';Not needed;');
  });
});

describe('review ergonomics and selections', () => {
  it('a reference is found as people type it', async () => {
    expect(matchReference('CT-2026-0017')).toEqual({ year: 2026, seq: 17 });
    expect(matchReference('ct-2026-17')).toEqual({ year: 2026, seq: 17 });
    expect(matchReference(' 0017 ')).toEqual({ seq: 17 });
    expect(matchReference('Dílo 17')).toBeUndefined();
    const { db, editionId, ids } = await world(2);
    const year = new Date().getUTCFullYear();
    expect(await entryByReference(db, editionId, `ct-${year}-2`)).toBe(ids[1]);
    expect(await entryByReference(db, editionId, `ct-${year - 1}-2`)).toBeUndefined();
    expect((await listQueue(db, editionId, parseQueueFilter(new URLSearchParams(`q=ct-${year}-1`)))).rows.map((r) => r.id)).toEqual([ids[0]]);
  });

  it('selections: candidates by title or reference, bulk add, moving to a position', async () => {
    const { db, editionId, ids } = await world(4);
    for (const id of ids.slice(0, 3)) await decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
    expect((await selectionCandidates(db, editionId, 'exhibition', 'Dílo')).map((c) => c.id)).toEqual(ids.slice(0, 3));
    expect(await addManyToSelection(db, ORG, editionId, 'exhibition', ids)).toEqual({ added: 3, refused: 1 });
    expect(await selectionCandidates(db, editionId, 'exhibition', 'Dílo')).toEqual([]);
    const order = async () => (await listSelection(db, editionId, 'exhibition')).map((s) => s.entry.id);
    expect(await moveToPosition(db, 'exhibition', ids[2]!, 1)).toBe(true);
    expect(await order()).toEqual([ids[2], ids[0], ids[1]]);
    expect(await moveToPosition(db, 'exhibition', ids[2]!, 99)).toBe(true);
    expect(await order()).toEqual([ids[0], ids[1], ids[2]]);
    expect(await moveToPosition(db, 'exhibition', ids[3]!, 1)).toBe(false);
  });

  it('organisers change another account’s role, never their own', async () => {
    const { db } = await world(0);
    const j = await juror(db, 'j@example.org');
    expect(await setRole(db, ORG, j, 'organiser')).toBe(true);
    expect((await db.get<{ role: string }>('SELECT role FROM accounts WHERE id = ?', j))!.role).toBe('organiser');
    expect(await setRole(db, ORG, ORG.id, 'juror')).toBe(false);
  });
});

describe('one language at a time', () => {
  it('Czech counts take their grammatical number', () => {
    const forms = dict('cs').bo.queue.decided;
    expect([1, 2, 4, 5, 21].map((n) => plural(forms, n, 'cs'))).toEqual(['Uloženo u 1 přihlášky.', 'Uloženo u 2 přihlášek.', 'Uloženo u 4 přihlášek.', 'Uloženo u 5 přihlášek.', 'Uloženo u 21 přihlášek.']);
    expect(plural(dict('cs').notify.works, 3, 'cs')).toBe('3 díla');
    expect(plural(dict('cs').notify.works, 5, 'cs')).toBe('5 děl');
    expect(plural(dict('en').bo.queue.decided, 1, 'en')).toBe('Saved for 1 entry.');
  });

  it('a catalogue job’s progress is told in words, never as the renderer’s log line or an address', () => {
    expect(jobProgressText('laying out http://127.0.0.1:4500/print/cs?format=a4&edition=print', 'cs')).toBe('Sází se stránky…');
    expect(jobProgressText('pages laid out: 12, pictures loaded: 30', 'en')).toBe('Pages laid out: 12, pictures loaded: 30');
    expect(jobProgressText('something new the renderer says', 'en')).toBe('Working…');
  });

  it('the audit log reads in words: statuses, roles and round states by name, an edition by its year', async () => {
    const { db, editionId, ids } = await world(1);
    await decide(db, ORG, { ids, decision: 'accepted' }, BASE);
    await changeRound(db, ORG, editionId, 'closed', { confirm: true });
    const read = await auditReader(db, 'en');
    const rows = (await listAudit(db)).rows.map(read);
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'status change', before: 'status: New; reason: —', after: 'status: Accepted; reason: —' }),
      expect.objectContaining({ action: 'judging round', subject: `edition ${new Date().getUTCFullYear()}`, before: 'not started', after: 'closed' }),
    ]));
  });

  it('the audit log says selection moves in words and marks what people typed in another language', async () => {
    const { db, editionId, ids } = await world(2);
    await decide(db, ORG, { ids, decision: 'accepted' }, BASE);
    await addManyToSelection(db, ORG, editionId, 'exhibition', ids);
    await changeSelection(db, ORG, editionId, 'exhibition', { op: 'moveTo', entryId: ids[1]!, position: 1 });
    const award = (await db.get<{ id: number }>(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, '1. místo', '1st place') RETURNING id`, editionId))!.id;
    await giveAward(db, ORG, ids[0]!, award);
    await setRubric(db, ORG, editionId, [{ nameCs: 'Nápad', nameEn: 'Idea', weight: 1 }]);
    const read = await auditReader(db, 'en');
    const rows = (await listAudit(db)).rows.map(read);
    const line = (action: string) => rows.find((r) => r.action === action)!;
    expect(line('moved in selection')).toMatchObject({ subject: 'Exhibition', after: 'to position 1' });
    expect(line('added to selection')).toMatchObject({ subject: 'Exhibition', after: 'added' });
    expect(line('award').afterParts).toEqual([{ text: '1. místo', lang: 'cs' }]);
    const rubric = line('jury criteria');
    expect(rubric.after).toContain('name in Czech: Nápad; name in English: Idea; weight: 1');
    expect(rubric.afterParts).toEqual(expect.arrayContaining([{ text: 'Nápad', lang: 'cs' }, { text: 'Idea', lang: 'en' }]));
    await inviteAccount(db, ORG, { email: 'new@example.org', lang: 'cs' }, BASE);
    await saveReason(db, ORG, { code: 'blurry', labelCs: 'Nečitelná fotka.', labelEn: 'The photo cannot be read.' });
    const again = (await listAudit(db)).rows.map(await auditReader(db, 'en'));
    expect(again.find((r) => r.action === 'reject reason')).toMatchObject({ subject: 'The photo cannot be read.' });
    expect(again.find((r) => r.action === 'reject reason')!.after).not.toContain('blurry');
    expect(again.find((r) => r.action === 'invitation')!.afterParts).toEqual(expect.arrayContaining([{ text: 'Čeština', lang: 'cs' }]));
    expect(again.map((r) => `${r.subject} ${r.before} ${r.after}`).join(' ')).not.toMatch(/\b(exhibition|nameCs|moveTo|blurry)\b/);
  });
});
