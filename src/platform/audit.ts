import type { Db } from './db.ts';

/**
 * The audit log: every decision an organiser (or the system on their behalf) takes, with who, when,
 * what, and the values before and after. Rows are only ever added; erasing an entry blanks the
 * values of its rows and keeps the reference (see erase.ts).
 */
export interface Actor {
  id: number;
  email: string;
}

export interface AuditEvent {
  action: string;
  entryId?: number | null;
  entryRef?: string | null;
  subject?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow {
  id: number;
  at: string;
  accountId: number | null;
  accountEmail: string;
  action: string;
  entryId: number | null;
  entryRef: string | null;
  subject: string;
  before: unknown;
  after: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Records one decision. Call it inside the transaction that makes the change. */
export async function audit(db: Db, actor: Actor | null, event: AuditEvent): Promise<void> {
  let ref = event.entryRef ?? null;
  if (event.entryId && !ref) ref = (await db.get<{ reference: string }>('SELECT reference FROM entries WHERE id = ?', event.entryId))?.reference ?? null;
  await db.run(
    'INSERT INTO audit_log (account_id, account_email, action, entry_id, entry_ref, subject, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    actor?.id ?? null,
    actor?.email ?? 'system',
    event.action,
    event.entryId ?? null,
    ref,
    event.subject ?? '',
    json(event.before),
    json(event.after),
  );
}

interface Row {
  id: number;
  at: string;
  account_id: number | null;
  account_email: string;
  action: string;
  entry_id: number | null;
  entry_ref: string | null;
  subject: string;
  before: string | null;
  after: string | null;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
const toAudit = (r: Row): AuditRow => ({
  id: r.id,
  at: r.at,
  accountId: r.account_id,
  accountEmail: r.account_email,
  action: r.action,
  entryId: r.entry_id,
  entryRef: r.entry_ref,
  subject: r.subject,
  before: parse(r.before),
  after: parse(r.after),
});

/** The history of one entry, newest first. */
export async function entryHistory(db: Db, entryId: number): Promise<AuditRow[]> {
  return (await db.all<Row>('SELECT * FROM audit_log WHERE entry_id = ? ORDER BY id DESC', entryId)).map(toAudit);
}

/** The whole log, newest first, a page at a time; `q` narrows to a reference, an action or an account. */
export async function listAudit(db: Db, opts: { q?: string; limit?: number; offset?: number } = {}): Promise<{ rows: AuditRow[]; total: number }> {
  const q = opts.q?.trim();
  const where = q ? 'WHERE entry_ref LIKE ? OR action LIKE ? OR account_email LIKE ?' : '';
  const params = q ? [`%${q}%`, `%${q}%`, `%${q}%`] : [];
  const total = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_log ${where}`, ...params))!.n;
  const rows = (await db.all<Row>(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ? OFFSET ?`, ...params, opts.limit ?? 100, opts.offset ?? 0)).map(toAudit);
  return { rows, total };
}
