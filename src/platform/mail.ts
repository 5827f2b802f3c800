import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from './config.ts';
import type { Db } from './db.ts';

/**
 * Outgoing e-mail. Callers only `enqueueMail` (inside the transaction that caused the mail), so a
 * committed entry or booking always has its mail on record and a failed send loses nothing.
 * `MailWorker` delivers the queue: over SMTP when SMTP_URL is set, else as .eml files in
 * DATA_DIR/outbox, retrying failures with a growing delay.
 */
export interface MailAttachment {
  filename: string;
  contentType: string;
  /** The file's bytes as UTF-8 text (calendar files) */
  content: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /** Mails with the same key are queued once (reminders, repeated clicks). */
  dedupeKey?: string;
}

/** Queues a message; returns its id, or undefined when its dedupe key was queued before. */
export async function enqueueMail(db: Db, msg: MailMessage): Promise<number | undefined> {
  const r = await db.get<{ id: number }>(
    `INSERT INTO mail_queue (to_addr, subject, text, html, attachments, dedupe_key) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    msg.to,
    msg.subject,
    msg.text,
    msg.html ?? null,
    JSON.stringify(msg.attachments ?? []),
    msg.dedupeKey ?? null,
  );
  return r?.id;
}

export async function pendingMailCount(db: Db): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM mail_queue WHERE sent_at IS NULL'))!.n;
}

interface QueueRow {
  id: number;
  to_addr: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: string;
  attempts: number;
}

/** Seconds to wait after the n-th failed attempt: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelay(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

export type Deliver = (msg: { from: string; to: string; subject: string; text: string; html?: string; attachments: MailAttachment[]; id: number }) => Promise<void>;

/** The delivery function the configuration asks for. */
export function makeDeliver(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'dataDir'>): Deliver {
  if (config.SMTP_URL) {
    const transport: Transporter = nodemailer.createTransport(config.SMTP_URL);
    return async (m) => {
      await transport.sendMail({ ...toNodemailer(m), from: config.MAIL_FROM });
    };
  }
  const outbox = join(config.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return async (m) => {
    const info = await transport.sendMail({ ...toNodemailer(m), from: config.MAIL_FROM });
    mkdirSync(outbox, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${m.id}.eml`;
    // Written under a temporary name first, so a reader of the folder never sees half a message.
    const tmp = join(outbox, `.${name}.tmp`);
    writeFileSync(tmp, info.message as Buffer);
    renameSync(tmp, join(outbox, name));
  };
}

function toNodemailer(m: Parameters<Deliver>[0]) {
  return {
    to: m.to,
    subject: m.subject,
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    attachments: m.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  };
}

/**
 * Sends what is due in the queue. Each message is claimed with a conditional UPDATE first, so two
 * workers (or two processes) never send the same message twice.
 */
export async function deliverDue(db: Db, deliver: Deliver, from: string, now: () => number = Date.now, limit = 20): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const due = await db.all<QueueRow>(
    `SELECT id, to_addr, subject, text, html, attachments, attempts FROM mail_queue
     WHERE sent_at IS NULL AND next_attempt_at <= ? AND claimed_until <= ? ORDER BY id LIMIT ?`,
    now(),
    now(),
    limit,
  );
  for (const row of due) {
    const claimed = await db.run('UPDATE mail_queue SET claimed_until = ? WHERE id = ? AND claimed_until <= ? AND sent_at IS NULL', now() + 120_000, row.id, now());
    if (claimed.changes !== 1) continue;
    try {
      await deliver({
        id: row.id,
        from,
        to: row.to_addr,
        subject: row.subject,
        text: row.text,
        ...(row.html ? { html: row.html } : {}),
        attachments: JSON.parse(row.attachments) as MailAttachment[],
      });
      // Once sent, the text (which holds secret links) is not kept: only that it went, and when.
      await db.run(`UPDATE mail_queue SET sent_at = ct_now(), attempts = attempts + 1, claimed_until = 0, last_error = NULL, text = '', html = NULL, attachments = '[]' WHERE id = ?`, row.id);
      sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      await db.run(
        'UPDATE mail_queue SET attempts = ?, next_attempt_at = ?, claimed_until = 0, last_error = ? WHERE id = ?',
        attempts,
        now() + retryDelay(attempts) * 1000,
        String((err as Error).message).slice(0, 500),
        row.id,
      );
      failed++;
    }
  }
  return { sent, failed };
}

/** Polls the queue inside the server process; a restart simply picks up what is still unsent. */
export class MailWorker {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private failing = false;
  private readonly db: Db;
  private readonly deliver: Deliver;
  private readonly from: string;
  private readonly intervalMs: number;
  private readonly log: (msg: string) => void;
  constructor(db: Db, deliver: Deliver, from: string, intervalMs = 1000, log: (msg: string) => void = () => {}) {
    this.db = db;
    this.deliver = deliver;
    this.from = from;
    this.intervalMs = intervalMs;
    this.log = log;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { sent, failed } = await deliverDue(this.db, this.deliver, this.from);
      if (this.failing) this.log('mail worker: the database answers again');
      this.failing = false;
      if (sent || failed) this.log(`mail: ${sent} sent, ${failed} to retry`);
    } catch (err) {
      // Once per outage, not once a second: the queue waits in the database meanwhile.
      if (!this.failing) this.log(`mail worker error: ${(err as Error).message}`);
      this.failing = true;
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A plain-text letter: a greeting, paragraphs separated by blank lines, a signature. */
export function letter(greeting: string, paragraphs: string[], signature: string): string {
  return [greeting, '', ...paragraphs.flatMap((p) => [p, '']), signature, ''].join('\n');
}
