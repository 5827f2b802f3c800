import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { ensureOrganiser, inviteAccount, requestPasswordReset, RESET_PER_HOUR, saveOwnSettings, setPasswordFromLink, setRole } from '#src/accounts/accounts.ts';
import { auditReader } from '#src/backoffice/audit-text.ts';
import { sendDigests } from '#src/backoffice/digest.ts';
import { criteriaCsv, entriesCsv, jurorsCsv } from '#src/backoffice/exports.ts';
import { jobProgressText } from '#src/backoffice/job-status.ts';
import { giveAward } from '#src/backoffice/ops.ts';
import { addManyToSelection, entryByReference, selectionCandidates } from '#src/backoffice/selections.ts';
import { listSelection, moveToPosition } from '#src/catalogue/selection.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { insertEntry } from '#src/entries/entry-store.ts';
import { decide, matchReference } from '#src/entries/review.ts';
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

function world(n = 3, opts: { ages?: number[]; langs?: string[] } = {}) {
  const { db, dir } = freshDb('org');
  ensureOrganiser(db, ORG.email, 'organiser password');
  const editionId = createEdition(db, defaultEdition()).id;
  const page = { width: 1240, height: 1754, widths: [480], placeholder: '' };
  const ids = Array.from({ length: n }, (_, i) => {
    const age = opts.ages?.[i] ?? 16;
    return insertEntry(
      db,
      {
        firstName: 'Ema', surname: `Zkoušková${i}`, age, town: 'Brno', region: 'JHM', category: 'poster', title: `Dílo ${i + 1}`, statement: 's', altText: 'alt text here',
        artistEmail: `artist${i}@example.org`, ...(age < 15 ? { guardianName: 'Rodič', guardianEmail: `guardian${i}@example.org` } : {}), consentPublish: true, consentPrint: true,
      },
      [page],
      { lang: opts.langs?.[i] ?? 'cs', ...(age < 15 ? { consentState: 'awaiting' as const } : {}) },
    ).id;
  });
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

function juror(db: Db, email: string, lang = 'cs'): number {
  return db.run(`INSERT INTO accounts (email, name, role, password_hash, lang) VALUES (?, '', 'juror', '!', ?)`, email, lang).lastInsertRowid;
}

function openRound(db: Db, editionId: number, ids: number[], jurors: number[], deadline?: string) {
  for (const id of ids) decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
  const rubric = parseRubric('Sdělení | Message | 2 | Je srozumitelné? | Is it clear?\nNápad | Idea | 1');
  if (!rubric.ok) throw new Error('rubric');
  setRubric(db, ORG, editionId, rubric.criteria);
  for (const j of jurors) assign(db, ORG, editionId, j, '', '');
  expect(changeRound(db, ORG, editionId, 'open', { deadline })).toEqual({ ok: true });
  return db.all<{ id: number }>('SELECT id FROM rubric_criteria ORDER BY position').map((c) => String(c.id));
}

describe('results are drafts until published', () => {
  it('awards show on the winners page and in the award facet only after publishing; taking them back hides them again', () => {
    const { db, editionId, ids } = world(2);
    for (const id of ids) decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
    const award = db.run(`INSERT INTO awards (edition_id, name_cs, name_en, position) VALUES (?, '1. místo', '1st place', 1)`, editionId).lastInsertRowid;
    expect(giveAward(db, ORG, ids[0]!, award)).toEqual({ ok: true });
    const facet = () => queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams('award=any'), { categories: ['poster'], ageGroups: [{ min: 16, max: 19 }], awardIds: [award] })).total;
    expect(winners(db, editionId)).toEqual([]);
    expect(publicAwards(db, editionId)).toEqual([]);
    expect(facet()).toBe(0);
    expect(publishResults(db, ORG, editionId)).toMatchObject({ ok: true, awarded: [ids[0]] });
    expect(winners(db, editionId).map((w) => w.entries.map((e) => e.id))).toEqual([[ids[0]]]);
    expect(facet()).toBe(1);
    expect(unpublishResults(db, ORG, editionId)).toBe(true);
    expect(winners(db, editionId)).toEqual([]);
    expect(listAudit(db).rows.map((r) => r.action)).toEqual(expect.arrayContaining(['results.publish', 'results.unpublish']));
  });

  it('asks before a second 1st place in one group, before closing with works unscored and before publishing ties, and says how many', () => {
    const { db, editionId, ids } = world(3);
    const j = juror(db, 'j@example.org');
    const crit = openRound(db, editionId, ids, [j]);
    const score = (id: number, v: number) => saveScore(db, { id: j, email: 'j' }, editionId, id, { abstain: false, values: { [crit[0]!]: v, [crit[1]!]: v } });
    score(ids[0]!, 8);
    score(ids[1]!, 8);
    expect(changeRound(db, ORG, editionId, 'closed')).toEqual({ ok: false, confirm: [{ kind: 'unscored', n: 1, total: 3 }] });
    expect(changeRound(db, ORG, editionId, 'closed', { confirm: true })).toEqual({ ok: true });
    const award = db.run(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, '1. místo', '1st place')`, editionId).lastInsertRowid;
    expect(giveAward(db, ORG, ids[0]!, award)).toEqual({ ok: true });
    expect(giveAward(db, ORG, ids[1]!, award)).toEqual({ ok: false, confirm: [{ kind: 'duplicate', n: 1 }] });
    expect(giveAward(db, ORG, ids[1]!, award, { confirm: true })).toEqual({ ok: true });
    expect(publishResults(db, ORG, editionId)).toEqual({ ok: false, confirm: [{ kind: 'ties', n: 2 }] });
    expect(publishResults(db, ORG, editionId, { confirm: true })).toMatchObject({ ok: true });
  });

  it('the embargo setting decides when accepted works are public: by default not while the jury judges', () => {
    const { db, editionId, ids } = world(1);
    const gallery = () => queryGallery(db, editionId, parseGalleryQuery(new URLSearchParams())).total;
    decide(db, ORG, { ids, decision: 'accepted' }, BASE);
    expect(gallery()).toBe(1);
    openRound(db, editionId, [], []);
    expect(gallery(), 'judging: held back').toBe(0);
    setPublishWorks(db, ORG, editionId, 'acceptance');
    expect(gallery(), 'the organisers chose acceptance').toBe(1);
    setPublishWorks(db, ORG, editionId, 'auto');
    publishResults(db, ORG, editionId, { confirm: true });
    expect(gallery(), 'results out').toBe(1);
  });
});

describe('mails through the queue, in the recipient’s language, each once', () => {
  it('decisions: the artist (informally, in the form’s language) or under 15 the guardian (formally), the reason as written', async () => {
    const { db, dir, ids } = world(3, { ages: [16, 13, 17], langs: ['cs', 'cs', 'en'] });
    decide(db, ORG, { ids: [ids[0]!], decision: 'accepted' }, BASE);
    decide(db, ORG, { ids: [ids[1]!], decision: 'rejected', reason: 'other', note: 'Pošlete prosím fotku celého listu.' }, BASE);
    decide(db, ORG, { ids: [ids[2]!], decision: 'rejected', reason: 'off-topic' }, BASE);
    // The same decision again sends nothing more.
    decide(db, ORG, { ids: [ids[0]!], decision: 'received' }, BASE);
    decide(db, ORG, { ids: [ids[0]!], decision: 'accepted' }, BASE);
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
    const { db, dir } = world(0);
    db.run(`UPDATE accounts SET name = 'Jana Nováková' WHERE id = 1`);
    expect(inviteAccount(db, ORG, { email: 'Porotce@Example.org' }, BASE)).toMatchObject({ ok: true });
    inviteAccount(db, ORG, { email: 'judge@example.org', role: 'organiser', lang: 'en' }, BASE);
    expect(db.all('SELECT email, role, lang FROM accounts WHERE id > 1 ORDER BY id')).toEqual([
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
    const { db, dir } = world(0);
    const now = new Date();
    for (let i = 0; i < RESET_PER_HOUR + 2; i++) requestPasswordReset(db, ORG.email, BASE, new Date(now.getTime() + i * 1000));
    requestPasswordReset(db, 'nobody@example.org', BASE, now);
    const mails = await delivered(db, dir);
    expect(mails.map((m) => m.to)).toEqual(Array(RESET_PER_HOUR).fill(ORG.email));
    expect(mails[0]!.text).toContain('odkaz platí 2 hodiny a jen jednou');
    const token = (m: { text: string }) => /\/admin\/password\/([\w-]+)/.exec(m.text)![1]!;
    expect(setPasswordFromLink(db, token(mails[0]!), 'an older link')).toEqual({ ok: false, reason: 'used' });
    expect(setPasswordFromLink(db, token(mails.at(-1)!), 'the newest link works')).toMatchObject({ ok: true });
    // An hour later the account may ask again.
    requestPasswordReset(db, ORG.email, BASE, new Date(now.getTime() + 3_700_000));
    expect(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM mail_queue WHERE sent_at IS NULL`)!.n).toBe(1);
  });

  it('jurors hear when assigned, when a round opens (once per opening) and two days before its last day, while they have work left', async () => {
    const { db, dir, editionId, ids } = world(2);
    const cz = juror(db, 'porotce@example.org');
    const en = juror(db, 'juror@example.org', 'en');
    const crit = openRound(db, editionId, ids, [cz, en], '2026-06-20');
    const monday = new Date('2026-06-15T08:00:00Z');
    expect(sendJuryNotices(db, BASE, monday)).toBe(2); // opened, to both
    expect(sendJuryNotices(db, BASE, monday)).toBe(0);
    saveScore(db, { id: en, email: 'juror@example.org' }, editionId, ids[0]!, { abstain: false, values: { [crit[0]!]: 5, [crit[1]!]: 5 } });
    saveScore(db, { id: en, email: 'juror@example.org' }, editionId, ids[1]!, { abstain: true, values: {} });
    const twoDaysBefore = new Date('2026-06-18T08:00:00Z');
    expect(sendJuryNotices(db, BASE, twoDaysBefore)).toBe(1); // only the Czech juror has work left
    expect(sendJuryNotices(db, BASE, new Date('2026-06-19T08:00:00Z')), 'one reminder per deadline').toBe(0);
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
    const { db, dir, editionId, ids } = world(2, { ages: [16, 12], langs: ['en', 'cs'] });
    for (const id of ids) decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
    const award = db.run(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, 'Zvláštní uznání', 'Special mention')`, editionId).lastInsertRowid;
    for (const id of ids) giveAward(db, ORG, id, award, { confirm: true });
    const r = publishResults(db, ORG, editionId) as { ok: true; awarded: number[] };
    expect(queueAwardMails(db, r.awarded, BASE)).toBe(2);
    expect(queueAwardMails(db, r.awarded, BASE)).toBe(0);
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
    const { db, dir } = world(2, { ages: [16, 12] });
    const en = db.run(`INSERT INTO accounts (email, role, password_hash, lang) VALUES ('en.org@example.org', 'organiser', 'x', 'en')`).lastInsertRowid;
    const off = db.run(`INSERT INTO accounts (email, role, password_hash) VALUES ('quiet@example.org', 'organiser', 'x')`).lastInsertRowid;
    saveOwnSettings(db, { id: off, email: 'quiet@example.org' }, { lang: 'cs', digest: false });
    db.run(`INSERT INTO tour_requests (school, address, town, region, teacher, email, phone, windows, pupils, ages, wall_m) VALUES ('ZŠ', 'a', 'Brno', 'JHM', 't', 't@example.org', '1', '[]', 20, '10', 5)`);
    const early = new Date(`${new Date().toISOString().slice(0, 10)}T04:30:00Z`); // 5:30 or 6:30 in Prague
    // Everything arrived in the night before.
    const night = new Date(early.getTime() - 2 * 3600_000).toISOString();
    db.run('UPDATE entries SET created_at = ?', night);
    db.run('UPDATE tour_requests SET created_at = ?', night);
    expect(sendDigests(db, BASE, early)).toBe(0);
    const later = new Date(early.getTime() + 3 * 3600_000);
    expect(sendDigests(db, BASE, later)).toBe(2);
    expect(sendDigests(db, BASE, new Date(later.getTime() + 3600_000)), 'once a day').toBe(0);
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
    db.run(`UPDATE entries SET consent_state = 'confirmed'`);
    db.run('DELETE FROM tour_requests');
    expect(sendDigests(db, BASE, new Date(later.getTime() + 86_400_000))).toBe(0);
    expect(en).toBeGreaterThan(0);
  });
});

describe('the jurors’ desk', () => {
  it('criteria carry descriptions in both languages; a note is the juror’s alone and only on assigned works', () => {
    const { db, editionId, ids } = world(2);
    const a = juror(db, 'a@example.org');
    const b = juror(db, 'b@example.org');
    openRound(db, editionId, ids, [a]);
    const rubric = parseRubric('Sdělení | Message | 2 | Je srozumitelné? | Is it clear?\nNápad | Idea | 1');
    expect(rubric).toMatchObject({ ok: true, criteria: [{ descriptionCs: 'Je srozumitelné?', descriptionEn: 'Is it clear?' }, { descriptionCs: '', descriptionEn: '' }] });
    expect(parseRubric('A | B | 1 | c | d | extra')).toEqual({ ok: false, line: 1 });
    expect(saveNote(db, a, editionId, ids[0]!, '  Ask about the signature.  ')).toBe(true);
    expect(saveNote(db, b, editionId, ids[0]!, 'not mine to judge')).toBe(false);
    expect(jurorEntry(db, editionId, a, ids[0]!)!.note).toBe('Ask about the signature.');
    expect(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM jury_notes')!.n).toBe(1);
    saveNote(db, a, editionId, ids[0]!, '');
    expect(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM jury_notes')!.n).toBe(0);
  });

  it('results export per criterion and per juror, in the admin’s language', () => {
    const { db, editionId, ids } = world(1);
    const a = juror(db, 'a@example.org');
    db.run(`UPDATE accounts SET name = 'Anna' WHERE id = ?`, a);
    const crit = openRound(db, editionId, ids, [a]);
    saveScore(db, { id: a, email: 'a@example.org' }, editionId, ids[0]!, { abstain: false, values: { [crit[0]!]: 9, [crit[1]!]: 6 } });
    const lines = (csv: string) => csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines(criteriaCsv(db, editionId, 'cs'))).toEqual(['Kategorie;Věková skupina;Číslo;Název;Sdělení;Nápad;Celkový průměr;Hodnocení', expect.stringMatching(/^Plakát;16-19;CT-\d{4}-0001;Dílo 1;9;6;8;1$/)]);
    expect(lines(jurorsCsv(db, editionId, 'en'))).toEqual(['Juror;Juror e-mail;Reference;Title;Message;Idea;Weighted mean;Abstained', expect.stringMatching(/^Anna;a@example\.org;CT-\d{4}-0001;Dílo 1;9;6;8;$/)]);
    const entries = lines(entriesCsv(db, editionId, 'en'))[1]!;
    expect(entries).toContain(';Accepted;');
    expect(entries).toContain(';Poster;');
    expect(entries).toContain(';Not needed;');
  });
});

describe('review ergonomics and selections', () => {
  it('a reference is found as people type it', () => {
    expect(matchReference('CT-2026-0017')).toEqual({ year: 2026, seq: 17 });
    expect(matchReference('ct-2026-17')).toEqual({ year: 2026, seq: 17 });
    expect(matchReference(' 0017 ')).toEqual({ seq: 17 });
    expect(matchReference('Dílo 17')).toBeUndefined();
    const { db, editionId, ids } = world(2);
    const year = new Date().getUTCFullYear();
    expect(entryByReference(db, editionId, `ct-${year}-2`)).toBe(ids[1]);
    expect(entryByReference(db, editionId, `ct-${year - 1}-2`)).toBeUndefined();
    expect(listQueue(db, editionId, parseQueueFilter(new URLSearchParams(`q=ct-${year}-1`))).rows.map((r) => r.id)).toEqual([ids[0]]);
  });

  it('selections: candidates by title or reference, bulk add, moving to a position', () => {
    const { db, editionId, ids } = world(4);
    for (const id of ids.slice(0, 3)) decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
    expect(selectionCandidates(db, editionId, 'exhibition', 'Dílo').map((c) => c.id)).toEqual(ids.slice(0, 3));
    expect(addManyToSelection(db, ORG, editionId, 'exhibition', ids)).toEqual({ added: 3, refused: 1 });
    expect(selectionCandidates(db, editionId, 'exhibition', 'Dílo')).toEqual([]);
    const order = () => listSelection(db, editionId, 'exhibition').map((s) => s.entry.id);
    expect(moveToPosition(db, 'exhibition', ids[2]!, 1)).toBe(true);
    expect(order()).toEqual([ids[2], ids[0], ids[1]]);
    expect(moveToPosition(db, 'exhibition', ids[2]!, 99)).toBe(true);
    expect(order()).toEqual([ids[0], ids[1], ids[2]]);
    expect(moveToPosition(db, 'exhibition', ids[3]!, 1)).toBe(false);
  });

  it('organisers change another account’s role, never their own', () => {
    const { db } = world(0);
    const j = juror(db, 'j@example.org');
    expect(setRole(db, ORG, j, 'organiser')).toBe(true);
    expect(db.get<{ role: string }>('SELECT role FROM accounts WHERE id = ?', j)!.role).toBe('organiser');
    expect(setRole(db, ORG, ORG.id, 'juror')).toBe(false);
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

  it('the audit log reads in words: statuses, roles and round states by name, an edition by its year', () => {
    const { db, editionId, ids } = world(1);
    decide(db, ORG, { ids, decision: 'accepted' }, BASE);
    changeRound(db, ORG, editionId, 'closed', { confirm: true });
    const read = auditReader(db, 'en');
    const rows = listAudit(db).rows.map(read);
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'status change', before: 'status: New; reason: —', after: 'status: Accepted; reason: —' }),
      expect.objectContaining({ action: 'judging round', subject: `edition ${new Date().getUTCFullYear()}`, before: 'not started', after: 'closed' }),
    ]));
  });
});
