import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db.ts';
import { createToken } from '#src/platform/tokens.ts';
import { createEdition, defaultEdition } from '#src/editions/edition.ts';
import { decideGuardianConsent, decidedEntry, entryForWithdrawal, TOKEN, withdrawConsent } from '#src/entries/consent.ts';
import { getEntry, insertEntry, isPublic, setStatus } from '#src/entries/entry-store.ts';
import { correctByArtist, entryStatusView } from '#src/entries/entry-status.ts';
import { queueConsentOutcomeMails } from '#src/entries/intake-mail.ts';
import { decide } from '#src/entries/review.ts';
import { isVisible } from '#src/entries/visibility.ts';
import { freshDb } from '../helpers/db.ts';

let db: Db;
const ORGANISER = { id: 1, email: 'org@test.example' };
/** An edition with no embargo: public on acceptance. */
const NO_EMBARGO = { publishWorks: 'acceptance', roundStarted: false, resultsPublished: false } as const;

async function entry(over: { age?: number; lang?: string; consentPrint?: boolean; consentExhibit?: boolean } = {}) {
  const age = over.age ?? 12;
  const { id } = await insertEntry(
    db,
    {
      firstName: 'Vendula', surname: 'Přemyslová', age, town: 'Jihlava', region: 'VYS', category: 'poster', title: 'Neznámý kamarád',
      statement: 'Kamarád z internetu nemusí být tím, za koho se vydává.', altText: 'Dívka u počítače a stín s maskou.',
      artistEmail: 'vendula@example.org', guardianName: 'Marta Přemyslová', guardianEmail: 'marta@example.org', consentPublish: true,
      consentPrint: over.consentPrint ?? true, consentExhibit: over.consentExhibit ?? true,
    },
    [{ width: 1000, height: 1400, widths: [480], placeholder: '' }],
    { lang: over.lang ?? 'cs', consentState: age < 15 ? 'awaiting' : 'not_needed' },
  );
  return { id, guardian: await createToken(db, TOKEN.guardianConfirm, id, 14), status: await createToken(db, TOKEN.status, id) };
}
const steps = async (id: number, lang: 'cs' | 'en' | 'uk' = 'cs') => await entryStatusView(db, (await getEntry(db, id))!, lang);
const mails = async () => await db.all<{ to_addr: string; subject: string; text: string }>('SELECT to_addr, subject, text FROM mail_queue ORDER BY id');

beforeEach(async () => {
  db = (await freshDb('consent')).db;
  await createEdition(db, defaultEdition());
});

describe('informed guardian consent', () => {
  it('consents to exactly the uses the guardian leaves ticked, each logged', async () => {
    const e = await entry();
    const r = await decideGuardianConsent(db, e.guardian, { consent: true, uses: { gallery: true, catalogue: false, exhibition: true } }, 'cs');
    expect(r).toMatchObject({ ok: true, decided: 'consented', changed: true });
    const now = (await getEntry(db, e.id))!;
    expect([now.consentState, now.consentPublish, now.consentPrint, now.consentExhibit]).toEqual(['confirmed', true, false, true]);
    await setStatus(db, e.id, 'accepted', 1);
    const accepted = (await getEntry(db, e.id))!;
    expect([isVisible('public', accepted, NO_EMBARGO), isVisible('printable', accepted), isVisible('exhibitable', accepted)]).toEqual([true, false, true]);
    const log = await db.all<{ kind: string; action: string }>("SELECT kind, action FROM consents WHERE by_role = 'guardian' ORDER BY id");
    expect(log).toEqual([
      { kind: 'participation', action: 'given' },
      { kind: 'publish', action: 'given' },
      { kind: 'print', action: 'withdrawn' },
      { kind: 'exhibit', action: 'given' },
    ]);
    // The link is used up; the page can still say what was decided.
    expect(await decideGuardianConsent(db, e.guardian, { consent: false }, 'cs')).toMatchObject({ ok: false, reason: 'used' });
    expect((await decidedEntry(db, e.guardian))?.id).toBe(e.id);
  });

  it('a refusal keeps the work out of every output even once accepted, and the status page says so', async () => {
    const e = await entry();
    expect(await decideGuardianConsent(db, e.guardian, { consent: false }, 'cs')).toMatchObject({ ok: true, decided: 'refused' });
    await setStatus(db, e.id, 'accepted', 1);
    expect(await isPublic(db, e.id)).toBe(false);
    const view = await steps(e.id);
    expect(view.steps.find((s) => s.key === 'consent')).toMatchObject({ state: 'stopped', text: expect.stringContaining('nesouhlasil') });
    expect(view.steps.find((s) => s.key === 'public')).toMatchObject({ state: 'stopped' });
    expect(view.canCorrect).toBe(false);
  });

  it('tells the artist informally and gives the guardian a formal record, each in their language', async () => {
    const e = await entry({ lang: 'en' });
    await decideGuardianConsent(db, e.guardian, { consent: true, uses: { gallery: true, catalogue: true, exhibition: false } }, 'cs', async (t, now, decided) =>
      await queueConsentOutcomeMails(t, now, { decided, uses: { gallery: now.consentPublish, catalogue: now.consentPrint, exhibition: now.consentExhibit }, guardianLang: 'cs', statusUrl: 'http://x/en/status/t', withdrawUrl: 'http://x/cs/withdraw/w' }),
    );
    const [artist, guardian] = await mails();
    expect(artist).toMatchObject({ to_addr: 'vendula@example.org', subject: expect.stringContaining('Your parent agreed') });
    expect(artist!.text).toContain('in the online gallery and in the printed catalogue');
    expect(guardian).toMatchObject({ to_addr: 'marta@example.org' });
    expect(guardian!.text).toMatch(/^Dobrý den,\n\npotvrzujeme, že jste .* souhlasili/);
    // Czech typography: a non-breaking space after the one-letter conjunction.
    expect(guardian!.text.replace(/\u00a0/g, ' ')).toContain('v online galerii a v tištěném katalogu');
    expect(guardian!.text).toContain('http://x/cs/withdraw/w');
  });

  it('consent can be withdrawn with the status link too, and the work leaves at once', async () => {
    const e = await entry({ age: 16 });
    await setStatus(db, e.id, 'accepted', 1);
    expect(await isPublic(db, e.id)).toBe(true);
    expect(await entryForWithdrawal(db, e.status)).toMatchObject({ ok: true });
    expect((await withdrawConsent(db, e.status, 'cs')).ok).toBe(true);
    expect(await isPublic(db, e.id)).toBe(false);
    expect((await steps(e.id)).steps.find((s) => s.key === 'consent')).toMatchObject({ state: 'stopped', text: expect.stringContaining('odvolán') });
  });
});

describe('the status page', () => {
  it('walks received → consent → decision → public → award with the right words for each state', async () => {
    const e = await entry({ age: 16 });
    let view = await steps(e.id);
    expect(view.steps.map((s) => [s.key, s.state])).toEqual([['received', 'done'], ['consent', 'done'], ['decision', 'current'], ['public', 'waiting'], ['award', 'waiting']]);
    expect(view.canCorrect).toBe(true);
    await setStatus(db, e.id, 'accepted', 1);
    view = await steps(e.id, 'en');
    expect(view.steps.find((s) => s.key === 'public')).toMatchObject({ state: 'done', text: 'The work is shown in the online gallery.' });
    expect(view.steps.find((s) => s.key === 'decision')!.text).toMatch(/^The organisers accepted the work into the competition on \d/);
    expect(view.canCorrect).toBe(false);
  });

  it('a rejected work is "not accepted" (never "not public yet"), with the reason in the reader’s language and the note as typed', async () => {
    const e = await entry({ age: 16, lang: 'cs' });
    expect((await decide(db, ORGANISER, { ids: [e.id], decision: 'rejected', reason: 'off-topic', note: 'Téma letos je obchod s lidmi, ne šikana.' }, 'http://127.0.0.1:4321')).ok).toBe(true);
    const cs = await steps(e.id, 'cs');
    const en = await steps(e.id, 'en');
    expect(cs.steps.find((s) => s.key === 'decision')).toMatchObject({ state: 'stopped', text: expect.stringContaining('nepřijali') });
    expect(cs.steps.find((s) => s.key === 'public')).toMatchObject({ state: 'stopped', text: 'Nepřijatá díla nezveřejňujeme.' });
    expect(cs.rejection).toEqual({ reason: 'Dílo se netýká tématu soutěže.', note: 'Téma letos je obchod s lidmi, ne šikana.' });
    expect(en.rejection).toEqual({ reason: 'The work is not on the theme of the competition.', note: 'Téma letos je obchod s lidmi, ne šikana.' });
    // "Another reason" says nothing the note does not.
    const other = await entry({ age: 17 });
    await decide(db, ORGANISER, { ids: [other.id], decision: 'rejected', reason: 'other', note: 'Dílo je okopírované z internetu.' }, 'http://127.0.0.1:4321');
    expect((await steps(other.id, 'en')).rejection).toEqual({ note: 'Dílo je okopírované z internetu.' });
  });

  it('lets the artist correct the texts until the organisers decide, by the entry form’s rules', async () => {
    const e = await entry({ age: 16 });
    const texts = { title: 'Kamarád z chatu', statement: 'Nikdy neposílej fotky někomu, koho neznáš.', altText: 'Dívka drží telefon, na displeji zpráva.' };
    expect(await correctByArtist(db, e.status, texts)).toEqual({ ok: true, changed: ['title', 'statement', 'altText'] });
    expect((await getEntry(db, e.id))!.title).toBe('Kamarád z chatu');
    expect((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'entry.edit.artist'"))!.n).toBe(1);
    expect(await correctByArtist(db, e.status, { ...texts, statement: 'krátké' })).toMatchObject({ ok: false, errors: { statement: { key: 'tooShort' } } });
    expect(await correctByArtist(db, e.status, { ...texts, title: '' })).toMatchObject({ ok: false, errors: { title: { key: 'required' } } });
    await setStatus(db, e.id, 'accepted', 1);
    expect(await correctByArtist(db, e.status, texts)).toEqual({ ok: false, reason: 'decided' });
    expect(await correctByArtist(db, 'x'.repeat(32), texts)).toEqual({ ok: false, reason: 'invalid' });
  });
});
