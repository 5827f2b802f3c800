import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db.ts';
import { createEdition, defaultEdition, type Edition } from '#src/editions/edition.ts';
import { getEntry, insertEntry, setStatus } from '#src/entries/entry-store.ts';
import { isVisible } from '#src/entries/visibility.ts';
import { DEFAULT_RULES, validateEntry } from '#src/entries/entry.ts';
import { processImage } from '#src/artworks/images.ts';
import { createBatch } from '#src/schools/batches.ts';
import {
  classConsentWays, consentForm, expectPaperForm, formKey, formsToVerify, rejectConsentForm, saveClassConsentWays, storeSignedForm, verifyConsentForm,
} from '#src/schools/consent-forms.ts';
import { eraseEntry, purgeContacts } from '#src/backoffice/erase.ts';
import { openFileStorage } from '#src/platform/storage/files.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import { loadConfig } from '#src/platform/config.ts';
import { freshDb } from '../helpers/db.ts';

let db: Db;
let dir: string;
let storage: Storage;
let edition: Edition;
const ORG = { id: 1, email: 'org@example.org' };
const NO_EMBARGO = { publishWorks: 'acceptance', roundStarted: false, resultsPublished: false } as const;
const REQUEST = { school: 'ZŠ Komenského', className: '4. A', teacherName: 'Jana Horáková', teacherEmail: 'horakova@zs.example', town: 'Jihlava', region: 'VYS' as const, category: 'poster' };

/** A pupil's work whose guardian consents on paper, in a batch, as the intake stores it. */
async function paperWork(batchId: number) {
  const { id } = await insertEntry(
    db,
    {
      firstName: 'Ema', surname: 'Dvořáková', age: 10, town: 'Jihlava', region: 'VYS', category: 'poster', title: 'Pozor na cizí',
      statement: 'Kamarád z internetu nemusí být tím, za koho se vydává.', altText: 'Dívka u počítače a stín s maskou.',
      teacherEmail: REQUEST.teacherEmail, consentPublish: true, consentPrint: true, consentExhibit: true, consentWay: 'paper',
    },
    [{ width: 1000, height: 1400, widths: [480], placeholder: '' }],
    { lang: 'cs', consentState: 'awaiting' },
  );
  await db.run('UPDATE entries SET batch_id = ? WHERE id = ?', batchId, id);
  await expectPaperForm(db, id);
  return id;
}

const photo = async () => processImage(new Uint8Array(await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#fdfdf8' } }).jpeg().toBuffer()));

beforeEach(async () => {
  ({ db, dir } = await freshDb('consentforms'));
  storage = openFileStorage(dir);
  edition = await createEdition(db, defaultEdition());
});

describe('consent on paper for a class', () => {
  it('is a way the edition allows (both unless set), and at least one way stays allowed', async () => {
    expect(await classConsentWays(db, edition.id)).toEqual({ email: true, paper: true });
    expect(await saveClassConsentWays(db, ORG, edition.id, { email: false, paper: false })).toEqual({ ok: false, reason: 'none' });
    expect(await saveClassConsentWays(db, ORG, edition.id, { email: false, paper: true })).toEqual({ ok: true });
    expect(await classConsentWays(db, edition.id)).toEqual({ email: false, paper: true });
    expect(await db.get('SELECT action FROM audit_log WHERE action = ?', 'edition.consent-ways')).toBeTruthy();
  });

  it('lets a pupil under 15 go without a guardian e-mail only on paper, and only where the edition allows it', () => {
    const pupil = { firstName: 'Ema', surname: 'D', age: '10', town: 'Jihlava', region: 'VYS', category: 'poster', title: 'T', statement: 'Kamarád z internetu nemusí být.', altText: 'Dívka u počítače.', pages: ['a'.repeat(32)], consentPublish: 'on', agreeRules: 'on' };
    // The artist's own form knows no paper way: a forged field does not get round the guardian.
    const own = validateEntry({ ...pupil, consentWay: 'paper' }, DEFAULT_RULES);
    expect(own.success ? {} : Object.fromEntries(Object.entries(own.errors).map(([k, v]) => [k, v!.key]))).toEqual({ consentWay: 'consentWay' });
    const both = { ...DEFAULT_RULES, consentWays: { email: true, paper: true } };
    expect(validateEntry({ ...pupil, consentWay: 'paper' }, both).success).toBe(true);
    const byEmail = validateEntry({ ...pupil, consentWay: 'email' }, both);
    expect(byEmail.success ? [] : Object.keys(byEmail.errors).sort()).toEqual(['guardianEmail', 'guardianName']);
    const paperOnly = validateEntry({ ...pupil, guardianName: 'P. D.', guardianEmail: 'p@example.org' }, { ...DEFAULT_RULES, consentWays: { email: false, paper: true } });
    expect(paperOnly.success ? {} : Object.fromEntries(Object.entries(paperOnly.errors).map(([k, v]) => [k, v!.key]))).toEqual({ consentWay: 'consentWay' });
  });

  it('keeps the work out of every public use until an organiser verifies the uploaded form, for the uses ticked on it', async () => {
    const { batch } = await createBatch(db, edition, REQUEST, 'cs');
    const id = await paperWork(batch.id);
    await setStatus(db, id, 'accepted', 1);
    const entry = async () => (await getEntry(db, id))!;
    expect((await consentForm(db, id))?.state).toBe('waiting');
    expect(isVisible('public', await entry(), NO_EMBARGO)).toBe(false);
    expect(isVisible('printable', await entry())).toBe(false);
    expect(isVisible('exhibitable', await entry())).toBe(false);
    // Nothing to verify before the teacher uploads the form.
    expect(await verifyConsentForm(db, ORG, id, { gallery: true, catalogue: true, exhibition: true })).toEqual({ ok: false, reason: 'notUploaded' });

    expect(await storeSignedForm({ db, storage }, id, await photo())).toEqual({ ok: true });
    expect(await storage.exists(formKey(id))).toBe(true);
    expect((await formsToVerify(db)).map((f) => f.entryId)).toEqual([id]);
    // The guardian allowed the gallery and the exhibition, not the catalogue.
    expect(await verifyConsentForm(db, ORG, id, { gallery: true, catalogue: false, exhibition: true })).toEqual({ ok: true });
    const after = await entry();
    expect(after.consentState).toBe('confirmed');
    expect([after.consentPublish, after.consentPrint, after.consentExhibit]).toEqual([true, false, true]);
    expect(isVisible('public', after, NO_EMBARGO)).toBe(true);
    expect(isVisible('printable', after)).toBe(false);
    expect(isVisible('exhibitable', after)).toBe(true);
    const log = await db.all<{ kind: string; action: string; by_role: string; by_email: string; by_name: string }>('SELECT kind, action, by_role, by_email, by_name FROM consents WHERE entry_id = ? AND by_role = ? ORDER BY id', id, 'organiser');
    expect(log.map((l) => `${l.kind}:${l.action}`)).toEqual(['participation:given', 'publish:given', 'print:withdrawn', 'exhibit:given']);
    expect(new Set(log.map((l) => l.by_email))).toEqual(new Set([ORG.email]));
    expect(new Set(log.map((l) => l.by_name))).toEqual(new Set(['signed paper form']));
    expect(await formsToVerify(db)).toEqual([]);
    // Decided: no second verification, no new upload.
    expect(await verifyConsentForm(db, ORG, id, { gallery: true, catalogue: true, exhibition: true })).toEqual({ ok: false, reason: 'notUploaded' });
    expect(await storeSignedForm({ db, storage }, id, await photo())).toEqual({ ok: false, reason: 'decided' });
  });

  it('sends a form that will not do back to the teacher with the reason; the teacher uploads it again', async () => {
    const { batch } = await createBatch(db, edition, REQUEST, 'cs');
    const id = await paperWork(batch.id);
    await storeSignedForm({ db, storage }, id, await photo());
    expect(await rejectConsentForm(db, ORG, id, '  ')).toEqual({ ok: false, reason: 'noteRequired' });
    expect(await rejectConsentForm(db, ORG, id, 'Chybí podpis rodiče.')).toEqual({ ok: true });
    expect(await consentForm(db, id)).toMatchObject({ state: 'rejected', note: 'Chybí podpis rodiče.' });
    expect((await getEntry(db, id))!.consentState).toBe('awaiting');
    const mail = (await db.get<{ to_addr: string; subject: string; text: string }>('SELECT to_addr, subject, text FROM mail_queue WHERE to_addr = ?', REQUEST.teacherEmail))!;
    expect(mail.subject).toMatch(/^Formulář souhlasu k práci CT-\d{4}-\d{4} je potřeba nahrát znovu$/);
    expect(mail.text).toMatch(/^Dobrý den,\n/);
    expect(mail.text).toContain('Chybí podpis rodiče.');
    expect(await storeSignedForm({ db, storage }, id, await photo())).toEqual({ ok: true });
    expect((await consentForm(db, id))?.state).toBe('uploaded');
  });

  it('a work whose guardian consents by e-mail has no form to upload', async () => {
    const { id } = await insertEntry(db, { firstName: 'Jan', surname: 'N', age: 11, region: 'VYS', category: 'poster', title: 'X', altText: 'Obrázek.', guardianName: 'P', guardianEmail: 'p@example.org', consentPublish: true }, [], { lang: 'cs', consentState: 'awaiting' });
    expect(await storeSignedForm({ db, storage }, id, await photo())).toEqual({ ok: false, reason: 'notPaper' });
  });

  it('erasing the entry erases its form and the picture of it', async () => {
    const { batch } = await createBatch(db, edition, REQUEST, 'cs');
    const id = await paperWork(batch.id);
    await paperWork(batch.id); // the batch keeps a work, so only this one goes
    await storeSignedForm({ db, storage }, id, await photo());
    await eraseEntry({ db, storage, config: loadConfig({ DATA_DIR: dir }) }, ORG, id);
    expect(await consentForm(db, id)).toBeUndefined();
    expect(await storage.exists(formKey(id))).toBe(false);
  });

  it('the retention rule removes the pictures of signed forms, except an awarded work\'s, and keeps that consent was verified', async () => {
    await db.run(`UPDATE editions SET closes_at = '2020-01-01T00:00:00Z' WHERE id = ?`, edition.id);
    const { batch } = await createBatch(db, edition, REQUEST, 'cs');
    const plain = await paperWork(batch.id);
    const awarded = await paperWork(batch.id);
    for (const id of [plain, awarded]) {
      await storeSignedForm({ db, storage }, id, await photo());
      await verifyConsentForm(db, ORG, id, { gallery: true, catalogue: true, exhibition: true });
    }
    const award = (await db.get<{ id: number }>(`INSERT INTO awards (edition_id, name_cs, name_en) VALUES (?, 'A', 'A') RETURNING id`, edition.id))!.id;
    await db.run('UPDATE entries SET award_id = ? WHERE id = ?', award, awarded);
    expect((await purgeContacts(db, dir, ORG, edition.id, 12, new Date('2021-06-01T00:00:00Z'), storage)).ok).toBe(true);
    expect(await storage.exists(formKey(plain))).toBe(false);
    expect(await consentForm(db, plain)).toMatchObject({ state: 'verified', uploadedAt: null });
    expect((await getEntry(db, plain))!.consentState).toBe('confirmed');
    expect(await storage.exists(formKey(awarded))).toBe(true);
  });
});
