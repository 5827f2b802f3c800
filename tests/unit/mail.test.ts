import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db.ts';
import { deliverDue, enqueueMail, makeDeliver, pendingMailCount, retryDelay } from '#src/platform/mail.ts';
import { checkToken, createToken } from '#src/platform/tokens.ts';
import { addresses, startInbox, type Inbox } from '../helpers/smtp.ts';
import { freshDb as newDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';

const FROM = 'Cartoon Truth <noreply@test.example>';
const freshDb = async (): Promise<Db> => (await newDb('mail')).db;

describe('mail queue', () => {
  let inbox: Inbox;
  beforeAll(async () => {
    inbox = await startInbox();
  });
  afterAll(() => inbox.close());

  it('delivers queued mail over SMTP once, with Czech text and an attachment intact', async () => {
    const db = await freshDb();
    await enqueueMail(db, {
      to: 'rodic@test.example',
      subject: 'Potvrzení přihlášky – Žluťoučký kůň',
      text: 'Dobrý den, děkujeme.',
      attachments: [{ filename: 'visit.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }],
    });
    const deliver = makeDeliver({ SMTP_URL: inbox.url, MAIL_FROM: FROM, dataDir: '/nonexistent' });
    expect(await deliverDue(db, deliver, FROM)).toEqual({ sent: 1, failed: 0 });
    expect(await deliverDue(db, deliver, FROM)).toEqual({ sent: 0, failed: 0 });
    const m = await inbox.waitFor((x) => addresses(x).includes('rodic@test.example'));
    expect(m.subject).toBe('Potvrzení přihlášky – Žluťoučký kůň');
    expect(m.text).toContain('děkujeme');
    expect(m.attachments[0]?.filename).toBe('visit.ics');
    expect(await pendingMailCount(db)).toBe(0);
    // What was sent is not kept: the text held secret links.
    expect(await db.get('SELECT text, html, attachments FROM mail_queue')).toEqual({ text: '', html: null, attachments: '[]' });
  });

  it('keeps a message whose send failed and retries it later with a growing delay', async () => {
    const db = await freshDb();
    await enqueueMail(db, { to: 'a@test.example', subject: 'S', text: 'T' });
    let now = 1_000_000;
    const failing = async () => {
      throw new Error('connection refused');
    };
    expect(await deliverDue(db, failing, FROM, () => now)).toEqual({ sent: 0, failed: 1 });
    expect(await pendingMailCount(db)).toBe(1);
    // Not due yet: nothing is tried.
    expect(await deliverDue(db, failing, FROM, () => now + 5_000)).toEqual({ sent: 0, failed: 0 });
    now += retryDelay(1) * 1000;
    const sent: string[] = [];
    expect(await deliverDue(db, async (m) => void sent.push(m.to), FROM, () => now)).toEqual({ sent: 1, failed: 0 });
    expect(sent).toEqual(['a@test.example']);
    expect(retryDelay(2)).toBeGreaterThan(retryDelay(1));
    expect(retryDelay(50)).toBe(3600);
  });

  it('queues a message with a dedupe key only once', async () => {
    const db = await freshDb();
    expect(await enqueueMail(db, { to: 'a@test.example', subject: 'S', text: 'T', dedupeKey: 'reminder:1' })).toBeTypeOf('number');
    expect(await enqueueMail(db, { to: 'a@test.example', subject: 'S', text: 'T', dedupeKey: 'reminder:1' })).toBeUndefined();
    expect(await pendingMailCount(db)).toBe(1);
  });

  it('the test inbox outlives a sender that drops its connection in the middle of a message', async () => {
    // As the site does when a test stops it while its mailer is sending: the socket is reset.
    const socket = connect(Number(new URL(inbox.url).port), '127.0.0.1');
    socket.on('error', () => {});
    const replies: string[] = [];
    socket.on('data', (d) => replies.push(...d.toString().trim().split('\r\n')));
    const reply = (code: string) => waitFor(() => replies.some((r) => r.startsWith(code)), { timeoutMs: 5_000, intervalMs: 20, what: `SMTP ${code}` });
    await reply('220');
    socket.write('EHLO test.example\r\nMAIL FROM:<a@test.example>\r\nRCPT TO:<b@test.example>\r\nDATA\r\n');
    await reply('354');
    socket.write('Subject: cut off\r\n');
    socket.resetAndDestroy();
    await new Promise((r) => setTimeout(r, 300));
    // Still receiving: the next message arrives.
    const db = await freshDb();
    await enqueueMail(db, { to: 'after-reset@test.example', subject: 'Po přerušení', text: 'Dorazí.' });
    expect(await deliverDue(db, makeDeliver({ SMTP_URL: inbox.url, MAIL_FROM: FROM, dataDir: '/nonexistent' }), FROM)).toEqual({ sent: 1, failed: 0 });
    expect((await inbox.waitFor((x) => addresses(x).includes('after-reset@test.example'))).subject).toBe('Po přerušení');
    expect(inbox.messages.some((m) => m.subject === 'cut off')).toBe(false);
  });

  it('writes .eml files to the outbox when no SMTP server is configured', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ct-outbox-'));
    const db = await freshDb();
    await enqueueMail(db, { to: 'b@test.example', subject: 'Přihláška', text: 'Text' });
    await deliverDue(db, makeDeliver({ MAIL_FROM: FROM, dataDir }), FROM);
    const files = readdirSync(join(dataDir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = readFileSync(join(dataDir, 'outbox', files[0]!), 'utf8');
    expect(eml).toContain('To: b@test.example');
  });
});

describe('secret tokens', () => {
  it('stores only a hash, expires, and is single-use when consumed', async () => {
    const db = await freshDb();
    const now = new Date('2026-03-01T10:00:00Z');
    const raw = await createToken(db, 'guardian', 7, 14, now);
    expect(await db.get('SELECT 1 AS x FROM tokens WHERE hash = ?', raw)).toBeUndefined();
    expect(await checkToken(db, raw, 'status', { now })).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkToken(db, raw, 'guardian', { now })).toEqual({ ok: true, subjectId: 7 });
    expect(await checkToken(db, raw, 'guardian', { now: new Date('2026-03-16T10:00:01Z') })).toEqual({ ok: false, reason: 'expired' });
    expect(await checkToken(db, raw, 'guardian', { now, consume: true })).toEqual({ ok: true, subjectId: 7 });
    expect(await checkToken(db, raw, 'guardian', { now, consume: true })).toEqual({ ok: false, reason: 'used' });
    expect(await checkToken(db, 'x'.repeat(5), 'guardian')).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkToken(db, undefined, 'guardian')).toEqual({ ok: false, reason: 'invalid' });
  });
});
