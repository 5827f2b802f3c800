import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { authenticate, checkPasswordLink, ensureOrganiser, getSessionAccount, inviteAccount, sessionEpoch, setDisabled, setPasswordFromLink, signOutEverywhere } from '#src/accounts/accounts.ts';
import { entryHistory, listAudit } from '#src/platform/audit.ts';
import { csvCell, toCsv } from '#src/platform/csv.ts';
import type { Db } from '#src/platform/db.ts';
import { freshDb } from '../helpers/db.ts';
import { openFileStorage } from '#src/platform/storage/files.ts';
import { loadConfig } from '#src/platform/config.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { getEntry, insertEntry } from '#src/entries/entry-store.ts';
import { eraseEntry, purgeContacts } from '#src/backoffice/erase.ts';
import { assign, jurorEntry, jurorProgress, leaderboards, rank, saveScore, setRubric, weightedTotal } from '#src/jury/jury.ts';
import { changeRound } from '#src/jury/publication.ts';
import { applyRedactions, pixelBoxes } from '#src/artworks/redaction.ts';
import { decide, editTexts, listQueue, parseQueueFilter } from '#src/entries/review.ts';
import { accountKey, delayAfter, ipKey, recordFailure, THROTTLE, waitFor, clearFailures } from '#src/accounts/sign-in-throttle.ts';
import { hashToken } from '#src/platform/tokens.ts';

const ORG = { id: 1, email: 'org@example.org' };
const BASE = 'https://ct.example';
const setRound = async (db: Db, actor: typeof ORG, editionId: number, state: 'open' | 'closed') => await changeRound(db, actor, editionId, state, { confirm: true });

async function seed(n = 4, opts: { ages?: number[] } = {}): Promise<{ db: Db; dir: string; editionId: number; ids: number[] }> {
  const { db, dir } = await freshDb('bo');
  await ensureOrganiser(db, ORG.email, 'organiser password');
  const editionId = (await createEdition(db, defaultEdition())).id;
  const page = { width: 1000, height: 1400, widths: [480], placeholder: '' };
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await insertEntry(
      db,
      {
        firstName: 'Jana', surname: `Zkušebná${i}`, age: opts.ages?.[i] ?? 16, town: 'Brno', region: 'JHM', category: 'poster',
        title: `Work ${i}`, statement: 'statement text', altText: 'alt text here', artistEmail: `artist${i}@example.org`, consentPublish: true,
      },
      [page],
      { lang: i % 2 ? 'en' : 'cs' },
    )).id);
  }
  return { db, dir, editionId, ids };
}

describe('sign-in throttling', () => {
  it('lets the first failures through, then asks for a doubling delay that ends', async () => {
    const { db } = await seed(0);
    const keys = [accountKey('A@x.org'), ipKey('10.0.0.1')];
    const t0 = 1_000_000;
    for (let i = 0; i < THROTTLE.accountFreeFailures; i++) {
      expect(await waitFor(db, keys, t0)).toBe(0);
      await recordFailure(db, keys, t0);
    }
    expect(await waitFor(db, keys, t0)).toBe(1000);
    await recordFailure(db, keys, t0);
    expect(await waitFor(db, keys, t0)).toBe(2000);
    expect(await waitFor(db, keys, t0 + 2000)).toBe(0);
    expect(delayAfter(40, 5)).toBe(THROTTLE.maxDelayMs);
    // The account key is case-blind; success clears it, the address still counts.
    expect(await waitFor(db, [accountKey('a@X.org')], t0)).toBe(2000);
    await clearFailures(db, accountKey('a@x.org'));
    expect(await waitFor(db, [accountKey('a@x.org')], t0)).toBe(0);
    expect(await waitFor(db, [ipKey('10.0.0.1')], t0)).toBe(0); // 6 < 10 free failures per address
  });
});

describe('invitations, disabling and sign-out everywhere', () => {
  it('invites by a single-use expiring link, then signs in; disabling and sign-out everywhere void sessions', async () => {
    const { db } = await seed(0);
    const r = await inviteAccount(db, ORG, { email: 'Juror@Example.org', name: 'J', role: 'juror' }, 'https://ct.example');
    expect(r.ok).toBe(true);
    const mail = (await db.get<{ to_addr: string; text: string }>('SELECT to_addr, text FROM mail_queue ORDER BY id DESC LIMIT 1'))!;
    expect(mail.to_addr).toBe('juror@example.org');
    const token = /\/admin\/password\/([\w-]+)/.exec(mail.text)![1]!;
    expect((await db.get<{ expires_at: string }>('SELECT expires_at FROM tokens WHERE hash = ?', hashToken(token)))!.expires_at).not.toBeNull();
    expect(await authenticate(db, 'juror@example.org', '')).toBeUndefined();
    expect(await checkPasswordLink(db, token)).toEqual({ ok: true, email: 'juror@example.org' });
    const set = await setPasswordFromLink(db, token, 'a long password');
    expect(set.ok).toBe(true);
    expect(await setPasswordFromLink(db, token, 'another password')).toEqual({ ok: false, reason: 'used' });
    const account = (await authenticate(db, 'juror@example.org', 'a long password'))!;
    expect(account.role).toBe('juror');
    const epoch = await sessionEpoch(db, account.id);
    expect(await getSessionAccount(db, account.id, epoch)).toBeDefined();
    await signOutEverywhere(db, ORG, account.id);
    expect(await getSessionAccount(db, account.id, epoch)).toBeUndefined();
    const epoch2 = await sessionEpoch(db, account.id);
    await setDisabled(db, ORG, account.id, true);
    expect(await getSessionAccount(db, account.id, epoch2)).toBeUndefined();
    expect(await authenticate(db, 'juror@example.org', 'a long password')).toBeUndefined();
    expect(await inviteAccount(db, ORG, { email: 'juror@example.org', role: 'juror' }, 'https://ct.example')).toEqual({ ok: false, reason: 'exists' });
    expect((await listAudit(db)).rows.map((r) => r.action)).toEqual(expect.arrayContaining(['account.invite', 'account.password', 'account.signOutEverywhere', 'account.disable']));
  });
});

describe('review queue and decisions', () => {
  it('needs a reason to reject, stores the reason in the artist’s language, and logs before/after', async () => {
    const { db, ids } = await seed(2);
    expect(await decide(db, ORG, { ids: [ids[0]!], decision: 'rejected' }, BASE)).toEqual({ ok: false, error: 'reasonRequired' });
    expect(await decide(db, ORG, { ids: [ids[0]!], decision: 'rejected', reason: 'other' }, BASE)).toEqual({ ok: false, error: 'noteRequired' });
    expect(await decide(db, ORG, { ids, decision: 'rejected', reason: 'off-topic' }, BASE)).toEqual({ ok: true, changed: 2 });
    expect((await getEntry(db, ids[0]!))!.rejectReason).toBe('Dílo se netýká tématu soutěže.');
    expect((await getEntry(db, ids[1]!))!.rejectReason).toBe('The work is not on the theme of the competition.');
    const h = await entryHistory(db, ids[0]!);
    expect(h[0]).toMatchObject({ action: 'entry.status', accountEmail: ORG.email, before: { status: 'received' }, after: { status: 'rejected' } });
  });

  it('keeps the original text in the history when an organiser corrects it', async () => {
    const { db, ids } = await seed(1);
    expect(await editTexts(db, ORG, ids[0]!, { title: 'Better title', statement: 'statement text', altText: 'alt text here' })).toEqual({ ok: true, changed: ['title'] });
    expect((await entryHistory(db, ids[0]!))[0]).toMatchObject({ action: 'entry.edit', before: { title: 'Work 0' }, after: { title: 'Better title' } });
    expect((await editTexts(db, ORG, ids[0]!, { title: '', statement: '', altText: 'x' })).ok).toBe(false);
  });

  it('filters, searches and pages 5,000 entries (timings printed, not asserted)', async () => {
    const { db, editionId } = await seed(0);
    const page = { width: 1000, height: 1400, widths: [480], placeholder: '' };
    await db.tx(async (db) => {
      for (let i = 0; i < 5000; i++) {
        await insertEntry(db, { firstName: 'A', surname: 'B', age: 6 + (i % 14), town: 'T', region: i % 3 ? 'JHM' : 'PHA', category: i % 2 ? 'comic' : 'poster', title: `Title ${i}`, statement: 'statement', altText: 'alt text here', artistEmail: `a${i}@e.org`, consentPublish: true }, [page], { lang: 'cs', status: i % 5 ? 'received' : 'accepted' });
      }
    });
    const run = async (q: string) => {
      const t = performance.now();
      const r = await listQueue(db, editionId, parseQueueFilter(new URLSearchParams(q)));
      return { ...r, ms: performance.now() - t };
    };
    const all = await run('');
    expect(all.total).toBe(5000);
    expect(all.rows).toHaveLength(50);
    const filtered = await run('status=accepted&category=poster&region=PHA&ageGroup=10-12&sort=title&page=2&size=25');
    expect(filtered.rows.every((r) => r.status === 'accepted' && r.category === 'poster' && r.region === 'PHA' && r.age >= 10 && r.age <= 12)).toBe(true);
    const search = await run('q=Title 4999');
    expect(search.rows[0]!.title).toBe('Title 4999');
    expect((await run('printIssue=1')).total).toBe(5000); // 1000 px wide pages are below 300 dpi at 180 mm
    const last = await run('page=100');
    expect(last.rows).toHaveLength(50);
    console.log(`review queue over 5,000 entries: all ${all.ms.toFixed(1)} ms, filtered ${filtered.ms.toFixed(1)} ms, search ${search.ms.toFixed(1)} ms, last page ${last.ms.toFixed(1)} ms`);
  });
});

describe('blind jury', () => {
  async function juryWorld() {
    const w = await seed(4, { ages: [16, 16, 16, 10] });
    const { db, editionId, ids } = w;
    for (const id of ids) await decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
    await setRubric(db, ORG, editionId, [{ nameCs: 'Sdělení', nameEn: 'Message', weight: 2 }, { nameCs: 'Nápad', nameEn: 'Idea', weight: 1 }]);
    const jurors: number[] = [];
    for (const email of ['j1@x.org', 'j2@x.org', 'j3@x.org']) jurors.push((await db.get<{ id: number }>(`INSERT INTO accounts (email, role, password_hash) VALUES (?, 'juror', '!') RETURNING id`, email))!.id);
    for (const j of jurors) await assign(db, ORG, editionId, j, 'poster', '16-19');
    const crit = (await db.all<{ id: number }>('SELECT id FROM rubric_criteria ORDER BY position')).map((c) => String(c.id));
    const score = async (juror: number, entry: number, a: number, b: number) => await saveScore(db, { id: juror, email: 'j' }, editionId, entry, { abstain: false, values: { [crit[0]!]: a, [crit[1]!]: b } });
    return { ...w, jurors, crit, score };
  }

  it('scores only assigned works while the round is open; means exclude abstentions; ties are flagged', async () => {
    const { db, editionId, ids, jurors, score } = await juryWorld();
    expect(await score(jurors[0]!, ids[0]!, 8, 8)).toEqual({ ok: false, reason: 'closed' });
    await setRound(db, ORG, editionId, 'open');
    expect(await score(jurors[0]!, ids[3]!, 8, 8)).toEqual({ ok: false, reason: 'notAssigned' }); // age 10: not in 16-19
    expect(await score(jurors[0]!, ids[0]!, 11, 8)).toEqual({ ok: false, reason: 'invalid' });
    expect(await score(jurors[0]!, ids[0]!, 9, 6)).toEqual({ ok: true, nextId: ids[1] });
    await score(jurors[1]!, ids[0]!, 6, 9); // 7
    await saveScore(db, { id: jurors[2]!, email: 'j' }, editionId, ids[0]!, { abstain: true, values: {} });
    await score(jurors[0]!, ids[1]!, 8, 8);
    await score(jurors[1]!, ids[1]!, 7, 7); // mean 7.5, tie with ids[2]
    await score(jurors[0]!, ids[2]!, 7, 7);
    await score(jurors[1]!, ids[2]!, 8, 8);
    const board = (await leaderboards(db, editionId)).find((b) => b.category === 'poster' && b.ageGroup === '16-19')!;
    const s0 = board.standings.find((s) => s.entryId === ids[0])!;
    expect(s0).toMatchObject({ mean: 7.5, count: 2, abstentions: 1, spread: 1 });
    const crit = (id: number, weight: number) => ({ id, nameCs: '', nameEn: '', weight, descriptionCs: '', descriptionEn: '' });
    expect(weightedTotal([crit(1, 2), crit(2, 1)], { 1: 9, 2: 6 })).toBe(8);
    const tied = board.standings.filter((s) => s.tie);
    expect(tied).toHaveLength(3);
    expect(new Set(tied.map((s) => s.rank))).toEqual(new Set([1]));
    expect(rank([{ entryId: 1, mean: 9 }, { entryId: 2, mean: 8 }, { entryId: 3, mean: 8 }, { entryId: 4, mean: null }]).get(3)).toEqual({ rank: 2, tie: true });
  });

  it('gives a juror nothing that identifies the artist and no other juror’s score', async () => {
    const { db, editionId, ids, jurors, score } = await juryWorld();
    await setRound(db, ORG, editionId, 'open');
    await score(jurors[1]!, ids[0]!, 3, 3);
    const seen = JSON.stringify([await jurorEntry(db, editionId, jurors[0]!, ids[0]!), await jurorProgress(db, editionId, jurors[0]!)]);
    for (const secret of ['Zkušebná', 'artist0@', 'Brno', 'JHM', 'CT-', '"age"']) expect(seen).not.toContain(secret);
    expect((await jurorEntry(db, editionId, jurors[0]!, ids[0]!))!.own).toBeNull();
    expect(await jurorProgress(db, editionId, jurors[0]!)).toMatchObject({ done: 0, total: 3, resumeId: ids[0] });
  });
});

describe('CSV', () => {
  it('starts with a BOM, separates by semicolons and defuses formulas', () => {
    const csv = toCsv(['Jméno', 'Poznámka'], [['Žofie', '=HYPERLINK("x")'], ['a;b', '-5']]);
    expect(csv.startsWith('\uFEFFJméno;Poznámka\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"a;b";-5');
    expect(csvCell('@cmd')).toBe("'@cmd");
  });
});

describe('redaction', () => {
  it('covers and blurs exactly the marked rectangle', async () => {
    const src = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#ffffff' } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect x="300" y="150" width="80" height="30" fill="#000"/><rect x="0" y="0" width="40" height="40" fill="#f00"/></svg>') }])
      .jpeg().toBuffer();
    expect(pixelBoxes([{ x: 0.75, y: 0.75, w: 0.5, h: 0.5 }], 400, 200)).toEqual([{ left: 300, top: 150, width: 100, height: 50 }]);
    const out = await (await applyRedactions(src, [{ x: 0.7, y: 0.7, w: 0.3, h: 0.3, mode: 'cover' }])).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => out.data[(y * out.info.width + x) * out.info.channels]!;
    expect(px(350, 170)).toBeLessThan(80); // covered grey
    expect(px(290, 100)).toBeGreaterThan(240); // outside untouched
    expect(px(10, 10)).toBeGreaterThan(200); // the red square is still red
  });
});

describe('erase and retention', () => {
  it('removes rows, files and mails of an entry; scores stay anonymous; the log keeps the reference only', async () => {
    const { db, dir, editionId, ids } = await seed(2);
    const id = ids[0]!;
    const ref = (await getEntry(db, id))!.reference;
    mkdirSync(join(dir, 'artworks', String(id)), { recursive: true });
    writeFileSync(join(dir, 'artworks', String(id), 'p1.jpg'), 'master');
    mkdirSync(join(dir, 'catalogue'), { recursive: true });
    writeFileSync(join(dir, 'catalogue', 'catalogue-cs.pdf'), '%PDF-');
    await db.run(`INSERT INTO mail_queue (to_addr, subject, text) VALUES ('artist0@example.org', 'Hi', 'Your entry ${ref}')`);
    await db.run(`INSERT INTO tokens (hash, purpose, subject_id) VALUES ('h1', 'status', ?)`, id);
    await editTexts(db, ORG, id, { title: 'Zkušebná in the title', statement: 'statement text', altText: 'alt text here' });
    await decide(db, ORG, { ids: [id], decision: 'accepted' }, BASE);
    await setRubric(db, ORG, editionId, [{ nameCs: 'A', nameEn: 'A', weight: 1 }]);
    const juror = (await db.get<{ id: number }>(`INSERT INTO accounts (email, role, password_hash) VALUES ('j@x.org', 'juror', '!') RETURNING id`))!.id;
    await assign(db, ORG, editionId, juror, '', '');
    await setRound(db, ORG, editionId, 'open');
    const crit = (await db.get<{ id: number }>('SELECT id FROM rubric_criteria'))!.id;
    await saveScore(db, { id: juror, email: 'j@x.org' }, editionId, id, { abstain: false, values: { [crit]: 7 } });

    const r = (await eraseEntry({ db, storage: openFileStorage(dir), config: loadConfig({ DATA_DIR: dir }) }, ORG, id))!;
    expect(r).toMatchObject({ reference: ref, pdfs: 1, vacuumed: true });
    expect(existsSync(join(dir, 'artworks', String(id)))).toBe(false);
    expect(readdirSync(join(dir, 'catalogue'))).toEqual([]);
    expect(await db.get('SELECT 1 AS x FROM entries WHERE id = ?', id)).toBeUndefined();
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM scores WHERE entry_id IS NULL'))!.n).toBe(1);
    expect((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM tokens WHERE subject_id = ? AND purpose = 'status'`, id))!.n).toBe(0);
    const log = await db.all<{ entry_id: number | null; entry_ref: string; before: string | null; after: string | null }>('SELECT * FROM audit_log WHERE entry_ref = ?', ref);
    expect(log.every((l) => l.entry_id === null && l.before === null && l.after === null)).toBe(true);
    await db.close();
    for (const f of readdirSync(dir)) {
      if (!f.startsWith('db.sqlite')) continue;
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(Buffer.from('Zkušebná0')), f).toBe(false);
      expect(bytes.includes(Buffer.from('artist0@example.org')), f).toBe(false);
    }
  });

  it('deletes the contacts of non-awarded entries only after the set months', async () => {
    const { db, dir, editionId, ids } = await seed(2);
    await db.run(`UPDATE editions SET closes_at = '2020-01-01T00:00:00Z' WHERE id = ?`, editionId);
    const award = (await db.get<{ id: number }>(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, 'A', 'A') RETURNING id`, editionId))!.id;
    await db.run('UPDATE entries SET award_id = ? WHERE id = ?', award, ids[1]!);
    expect(await purgeContacts(db, dir, ORG, editionId, 12, new Date('2020-06-01T00:00:00Z'))).toMatchObject({ ok: false, reason: 'tooEarly' });
    expect(await purgeContacts(db, dir, ORG, editionId, 12, new Date('2021-06-01T00:00:00Z'))).toEqual({ ok: true, entries: 1 });
    expect((await getEntry(db, ids[0]!))!.artistEmail).toBeNull();
    expect((await getEntry(db, ids[1]!))!.artistEmail).toBe('artist1@example.org');
  });
});
