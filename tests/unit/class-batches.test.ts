import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db.ts';
import { createEdition, defaultEdition, type Edition } from '#src/editions/edition.ts';
import { insertEntry, setStatus } from '#src/entries/entry-store.ts';
import { batchForToken, batchRequestSchema, batchWorks, createBatch, sendBatch, workState } from '#src/schools/batches.ts';
import { queueBatchLinkMail } from '#src/schools/batch-mail.ts';
import { queueDecisionMail } from '#src/entries/notices.ts';
import { eraseEntry, purgeContacts } from '#src/backoffice/erase.ts';
import { openFileStorage } from '#src/platform/storage/files.ts';
import { loadConfig } from '#src/platform/config.ts';
import { freshDb } from '../helpers/db.ts';

let db: Db;
let dir: string;
let edition: Edition;
const REQUEST = { school: 'ZŠ Komenského', className: '6. B', teacherName: 'Jana Horáková', teacherEmail: 'horakova@zs.example', town: 'Jihlava', region: 'VYS' as const, category: 'poster' };

async function pupilWork(batchId: number, age: number, title: string) {
  const { id } = await insertEntry(
    db,
    {
      firstName: 'Ema', surname: 'Dvořáková', age, town: 'Jihlava', region: 'VYS', category: 'poster', title,
      statement: 'Kamarád z internetu nemusí být tím, za koho se vydává.', altText: 'Dívka u počítače a stín s maskou.',
      guardianName: 'Petr Dvořák', guardianEmail: `rodic${title.length}@example.org`, teacherEmail: REQUEST.teacherEmail, consentPublish: true, consentPrint: true, consentExhibit: true,
    },
    [{ width: 1000, height: 1400, widths: [480], placeholder: '' }],
    { lang: 'cs', consentState: age < 15 ? 'awaiting' : 'not_needed' },
  );
  await db.run('UPDATE entries SET batch_id = ? WHERE id = ?', batchId, id);
  return id;
}

beforeEach(async () => {
  ({ db, dir } = await freshDb('batches'));
  edition = await createEdition(db, defaultEdition());
});

describe('class batches', () => {
  it('opens a batch only by its own link: another batch, an edited or a made-up link open nothing', async () => {
    const a = await createBatch(db, edition, REQUEST, 'cs');
    const b = await createBatch(db, edition, { ...REQUEST, teacherEmail: 'novak@zs.example' }, 'en');
    expect((await batchForToken(db, a.token))?.id).toBe(a.batch.id);
    expect((await batchForToken(db, b.token))?.id).toBe(b.batch.id);
    const edited = a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A');
    for (const raw of [edited, String(a.batch.id), String(b.batch.id), '', undefined, 'x'.repeat(32)]) expect(await batchForToken(db, raw)).toBeUndefined();
    // Only the hash is stored.
    expect(await db.get('SELECT 1 AS x FROM tokens WHERE hash = ?', a.token)).toBeUndefined();
  });

  it('mails the link to the teacher, formally, in the batch language', async () => {
    const { batch, token } = await createBatch(db, edition, REQUEST, 'cs');
    await queueBatchLinkMail(db, batch, `https://example.org/cs/class/${token}`);
    const mail = (await db.get<{ to_addr: string; subject: string; text: string }>('SELECT to_addr, subject, text FROM mail_queue'))!;
    expect(mail.to_addr).toBe('horakova@zs.example');
    expect(mail.subject).toBe('Odkaz na přihlášku třídy 6. B');
    expect(mail.text).toMatch(/^Dobrý den,\n/);
    expect(mail.text).toContain(`https://example.org/cs/class/${token}`);
  });

  it('checks the request like the entry form checks its fields', () => {
    const schema = batchRequestSchema(['poster', 'comic']);
    expect(schema.safeParse(REQUEST).success).toBe(true);
    const bad = schema.safeParse({ ...REQUEST, teacherEmail: 'not-an-address', school: '  ', category: 'sculpture' });
    expect(bad.success).toBe(false);
    expect(Object.fromEntries(bad.error!.issues.map((i) => [i.path[0], i.message]))).toEqual({ teacherEmail: 'email', school: 'required', category: 'required' });
  });

  it('cannot be sent empty, is sent once, and lists each work with its state', async () => {
    const { batch } = await createBatch(db, edition, REQUEST, 'cs');
    expect(await sendBatch(db, batch.id)).toEqual({ ok: false, reason: 'empty' });
    const young = await pupilWork(batch.id, 11, 'Pozor na cizí');
    const older = await pupilWork(batch.id, 16, 'Falešná nabídka práce');
    await setStatus(db, older, 'accepted', 1);
    const works = await batchWorks(db, batch.id, 'cs');
    expect(works.map((w) => [w.id, w.state])).toEqual([[young, 'awaitingConsent'], [older, 'public']]);
    expect((await sendBatch(db, batch.id)).ok).toBe(true);
    expect(await sendBatch(db, batch.id)).toEqual({ ok: false, reason: 'sent' });
    // Another batch sees none of these works.
    const other = await createBatch(db, edition, REQUEST, 'cs');
    expect(await batchWorks(db, other.batch.id, 'cs')).toEqual([]);
  });

  it('puts consent before the decision in a work state', () => {
    expect(workState({ status: 'accepted', consentState: 'awaiting', isPublic: false })).toBe('awaitingConsent');
    expect(workState({ status: 'received', consentState: 'withdrawn', isPublic: false })).toBe('consentRefused');
    expect(workState({ status: 'rejected', consentState: 'confirmed', isPublic: false })).toBe('rejected');
    expect(workState({ status: 'accepted', consentState: 'confirmed', isPublic: false })).toBe('accepted');
    expect(workState({ status: 'accepted', consentState: 'not_needed', isPublic: true })).toBe('public');
    expect(workState({ status: 'received', consentState: 'not_needed', isPublic: false })).toBe('received');
  });

  it("tells the class's teacher each decision, formally and with the pupil's name; a work outside a batch does not", async () => {
    const { batch } = await createBatch(db, edition, REQUEST, 'cs');
    const id = await pupilWork(batch.id, 16, 'Falešná nabídka práce');
    await setStatus(db, id, 'accepted', 1);
    await queueDecisionMail(db, id, 'https://example.org');
    await queueDecisionMail(db, id, 'https://example.org');
    const toTeacher = await db.all<{ subject: string; text: string }>('SELECT subject, text FROM mail_queue WHERE to_addr = ?', REQUEST.teacherEmail);
    expect(toTeacher).toHaveLength(1);
    expect(toTeacher[0]!.text).toMatch(/^Dobrý den,\n\npráci žáka nebo žákyně Ema Dvořáková „Falešná nabídka práce“/);
    expect(toTeacher[0]!.text).toContain('stránce třídy');
    await db.run('UPDATE entries SET batch_id = NULL WHERE id = ?', id);
    await db.run('DELETE FROM mail_queue');
    await setStatus(db, id, 'rejected', 1, 'Nejde o původní dílo.');
    await queueDecisionMail(db, id, 'https://example.org');
    expect(await db.all('SELECT 1 AS x FROM mail_queue WHERE to_addr = ?', REQUEST.teacherEmail)).toEqual([]);
  });

  it('erasing the last work of a batch erases the batch and its link; a batch with works left stays', async () => {
    const ORG = { id: 1, email: 'org@example.org' };
    const app = { db, storage: openFileStorage(dir), config: loadConfig({ DATA_DIR: dir }) };
    const { batch, token } = await createBatch(db, edition, REQUEST, 'cs');
    const first = await pupilWork(batch.id, 11, 'Pozor na cizí');
    const second = await pupilWork(batch.id, 12, 'Falešný kamarád');
    await eraseEntry(app, ORG, first);
    expect((await batchForToken(db, token))?.id).toBe(batch.id);
    await eraseEntry(app, ORG, second);
    expect(await batchForToken(db, token)).toBeUndefined();
    expect(await db.get('SELECT 1 AS x FROM class_batches WHERE id = ?', batch.id)).toBeUndefined();
  });

  it("the retention rule removes the teacher's name, e-mail, link and mails from batches without an award", async () => {
    const ORG = { id: 1, email: 'org@example.org' };
    await db.run(`UPDATE editions SET closes_at = '2020-01-01T00:00:00Z' WHERE id = ?`, edition.id);
    const plain = await createBatch(db, edition, REQUEST, 'cs');
    const awarded = await createBatch(db, edition, { ...REQUEST, teacherEmail: 'vitez@zs.example' }, 'cs');
    await queueBatchLinkMail(db, plain.batch, 'https://example.org/cs/class/x');
    await pupilWork(plain.batch.id, 11, 'Pozor na cizí');
    const won = await pupilWork(awarded.batch.id, 12, 'Falešný kamarád');
    const award = (await db.get<{ id: number }>(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, 'A', 'A') RETURNING id`, edition.id))!.id;
    await db.run('UPDATE entries SET award_id = ? WHERE id = ?', award, won);
    expect((await purgeContacts(db, dir, ORG, edition.id, 12, new Date('2021-06-01T00:00:00Z'))).ok).toBe(true);
    expect(await batchForToken(db, plain.token)).toBeUndefined();
    expect(await db.get<{ teacherEmail: string }>('SELECT teacher_email AS "teacherEmail", teacher_name AS "teacherName" FROM class_batches WHERE id = ?', plain.batch.id)).toEqual({ teacherEmail: '', teacherName: '' });
    expect(await db.all('SELECT 1 AS x FROM mail_queue WHERE to_addr = ?', REQUEST.teacherEmail)).toEqual([]);
    expect((await batchForToken(db, awarded.token))?.teacherEmail).toBe('vitez@zs.example');
  });
});
