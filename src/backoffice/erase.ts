import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { audit, type Actor } from '#src/platform/audit.ts';
import { entryDir } from '#src/artworks/storage.ts';
import { TOKEN } from '#src/entries/consent.ts';
import type { Db } from '#src/platform/db.ts';
import { removeCatalogueImages } from '#src/catalogue/images.ts';
import { contactSheetPath } from '#src/catalogue/pdf/contact-sheet.ts';

/**
 * Erasing an entry on request, and the retention rule for contact data.
 *
 * Erase removes, in one transaction: the entry row and everything hanging on it (pages, consents,
 * redactions, selections by cascade), its secret links, the e-mails queued or sent about it; jury
 * scores stay but lose the entry (anonymous); audit rows keep only the reference (values blanked).
 * Then the files: the entry's folder (masters, originals kept under redaction, derivatives, share
 * and jury pictures), the .eml copies of its mails in outbox/, and cached catalogue PDFs:
 * if a `catalogue_jobs` table exists, every PDF of a job whose `entry_ids` lists the entry (and the
 * job rows); when the table is missing or a job's file cannot be told, every PDF under catalogue/
 * (they are caches and are made again on demand), each with the contact sheet beside it. Finally the database file is vacuumed and its
 * write-ahead log truncated, so no deleted bytes linger in free pages.
 */
export interface EraseResult {
  reference: string;
  files: number;
  mails: number;
  pdfs: number;
  vacuumed: boolean;
}

const ENTRY_TOKEN_PURPOSES = [TOKEN.status, TOKEN.withdraw, TOKEN.guardianConfirm];

function tableExists(db: Db, name: string): boolean {
  return db.get(`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?`, name) !== undefined;
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    n += statSync(p).isDirectory() ? countFiles(p) : 1;
  }
  return n;
}

function pdfsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pdfsUnder(p));
    else if (name.toLowerCase().endsWith('.pdf')) out.push(p);
  }
  return out;
}

/** Rewrites the database so deleted rows leave no bytes behind, and empties the write-ahead log. */
export function scrubDatabase(db: Db): boolean {
  try {
    db.run('VACUUM');
    db.get('PRAGMA wal_checkpoint(TRUNCATE)');
    return true;
  } catch {
    return false;
  }
}

/** Which cached catalogue PDFs hold the entry (absolute paths) and which job rows to drop. */
function cataloguePdfs(db: Db, dataDir: string, entryId: number): { files: string[]; jobIds: unknown[] } {
  const dir = join(dataDir, 'catalogue');
  const all = pdfsUnder(dir);
  if (!tableExists(db, 'catalogue_jobs')) return { files: all, jobIds: [] };
  const cols = db.all<{ name: string }>('PRAGMA table_info(catalogue_jobs)').map((c) => c.name);
  if (!cols.includes('entry_ids')) return { files: all, jobIds: [] };
  const key = cols.includes('id') ? 'id' : 'rowid';
  const jobs = db.all<Record<string, unknown>>(`SELECT ${key} AS __key, * FROM catalogue_jobs`);
  const files = new Set<string>();
  const jobIds: unknown[] = [];
  let unknownFile = false;
  // A PDF no job accounts for may hold anything: it goes too.
  const accounted = new Set(
    jobs.flatMap((job) => Object.values(job).filter((v): v is string => typeof v === 'string' && v.toLowerCase().endsWith('.pdf')).map((v) => v.split(/[\\/]/).pop()!)),
  );
  for (const f of all) if (!accounted.has(f.split(/[\\/]/).pop()!)) files.add(f);
  for (const job of jobs) {
    let ids: unknown;
    try {
      ids = JSON.parse(String(job.entry_ids ?? '[]'));
    } catch {
      ids = null;
    }
    const lists = Array.isArray(ids) ? ids.map(Number).includes(entryId) : true; // unreadable: assume it does
    if (!lists) continue;
    jobIds.push(job.__key);
    const named = Object.values(job).filter((v): v is string => typeof v === 'string' && v.toLowerCase().endsWith('.pdf'));
    if (named.length === 0) unknownFile = true;
    for (const v of named) {
      const base = v.split(/[\\/]/).pop()!;
      for (const f of all) if (f.endsWith(`/${base}`) || f === v) files.add(f);
    }
  }
  return { files: unknownFile ? all : [...files], jobIds };
}

/** Erases an entry (see above). Returns undefined when there is no such entry. */
export function eraseEntry(db: Db, dataDir: string, actor: Actor, entryId: number): EraseResult | undefined {
  const entry = db.get<{ reference: string; artist_email: string | null; guardian_email: string | null; teacher_email: string | null; contact_email: string }>(
    'SELECT reference, artist_email, guardian_email, teacher_email, contact_email FROM entries WHERE id = ?',
    entryId,
  );
  if (!entry) return undefined;
  // Mails to the artist or guardian, and any mail that names the reference (e.g. to a teacher).
  const personal = [entry.artist_email, entry.guardian_email, entry.contact_email].filter((e): e is string => !!e).map((e) => e.toLowerCase());
  const mails = db
    .all<{ id: number; to_addr: string; text: string; subject: string }>('SELECT id, to_addr, text, subject FROM mail_queue')
    // Mails naming this entry go; mails to the same address about another entry (a sibling's
    // guardian confirmation) stay.
    .filter((m) => {
      const names = `${m.subject}\n${m.text}`;
      if (names.includes(entry.reference)) return true;
      return personal.includes(m.to_addr.trim().toLowerCase()) && !/CT-\d{4}-\d{4,}/.test(names);
    })
    .map((m) => m.id);
  const pdfs = cataloguePdfs(db, dataDir, entryId);
  const dir = entryDir(dataDir, entryId);
  const files = countFiles(dir);

  db.tx(() => {
    db.run(`DELETE FROM tokens WHERE subject_id = ? AND purpose IN (${ENTRY_TOKEN_PURPOSES.map(() => '?').join(',')})`, entryId, ...ENTRY_TOKEN_PURPOSES);
    for (const id of mails) db.run('DELETE FROM mail_queue WHERE id = ?', id);
    if (pdfs.jobIds.length) {
      const key = db.all<{ name: string }>('PRAGMA table_info(catalogue_jobs)').some((c) => c.name === 'id') ? 'id' : 'rowid';
      for (const j of pdfs.jobIds) db.run(`DELETE FROM catalogue_jobs WHERE ${key} = ?`, j as number);
    }
    // The log keeps what happened and the reference; values (which may hold names or texts) go.
    db.run(`UPDATE audit_log SET entry_id = NULL, before = NULL, after = NULL WHERE entry_id = ? OR entry_ref = ?`, entryId, entry.reference);
    db.run('UPDATE entries SET award_id = NULL WHERE id = ?', entryId);
    db.run('DELETE FROM entries WHERE id = ?', entryId);
    audit(db, actor, { action: 'entry.erase', entryRef: entry.reference });
  });

  rmSync(dir, { recursive: true, force: true });
  // The catalogue's print-size copies of its pictures go too.
  removeCatalogueImages(dataDir, entryId);
  const outbox = join(dataDir, 'outbox');
  let mailFiles = 0;
  if (existsSync(outbox)) {
    const needles = [...personal, entry.reference];
    for (const name of readdirSync(outbox)) {
      const p = join(outbox, name);
      const byId = mails.some((id) => name.endsWith(`-${id}.eml`));
      let mentions = false;
      if (!byId) {
        const text = readFileSync(p, 'latin1').toLowerCase();
        mentions = needles.some((n) => text.includes(n.toLowerCase()));
      }
      if (byId || mentions) {
        rmSync(p, { force: true });
        mailFiles++;
      }
    }
  }
  // Each PDF and the contact sheet made beside it (its pages in small: names and pictures too).
  for (const f of pdfs.files) {
    rmSync(f, { force: true });
    rmSync(contactSheetPath(f), { force: true });
  }
  const vacuumed = scrubDatabase(db);
  return { reference: entry.reference, files, mails: Math.max(mails.length, mailFiles), pdfs: pdfs.files.length, vacuumed };
}

// ---------------------------------------------------------------------------------------------
// Retention

export const RETENTION_DEFAULT_MONTHS = 12;

export function addMonths(iso: string, months: number): Date {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

export type RetentionResult = { ok: true; entries: number } | { ok: false; reason: 'notFound' | 'tooEarly'; allowedFrom?: string };

/**
 * Deletes the contact data (e-mails, guardian's name) of the entries of a closed edition that won
 * no award, once `months` months have passed since the edition closed. Awarded entries keep theirs
 * (prize letters, certificates). Their mails are deleted too, queued or sent.
 */
export function purgeContacts(db: Db, dataDir: string, actor: Actor, editionId: number, months: number, now = new Date()): RetentionResult {
  const edition = db.get<{ closes_at: string }>('SELECT closes_at FROM editions WHERE id = ?', editionId);
  if (!edition) return { ok: false, reason: 'notFound' };
  const from = addMonths(edition.closes_at, months);
  if (from > now) return { ok: false, reason: 'tooEarly', allowedFrom: from.toISOString() };
  const rows = db.all<{ id: number; artist_email: string | null; guardian_email: string | null; teacher_email: string | null }>(
    `SELECT id, artist_email, guardian_email, teacher_email FROM entries WHERE edition_id = ? AND award_id IS NULL
     AND (artist_email IS NOT NULL OR guardian_email IS NOT NULL OR teacher_email IS NOT NULL OR guardian_name IS NOT NULL OR contact_email <> '')`,
    editionId,
  );
  const addresses = new Set(rows.flatMap((r) => [r.artist_email, r.guardian_email, r.teacher_email]).filter((e): e is string => !!e).map((e) => e.toLowerCase()));
  // Addresses still needed by an awarded entry are kept in the mail log.
  for (const r of db.all<{ a: string | null; g: string | null; t: string | null }>('SELECT artist_email AS a, guardian_email AS g, teacher_email AS t FROM entries WHERE award_id IS NOT NULL')) {
    for (const e of [r.a, r.g, r.t]) if (e) addresses.delete(e.toLowerCase());
  }
  const mailIds: number[] = [];
  db.tx(() => {
    for (const r of rows) {
      db.run(`UPDATE entries SET artist_email = NULL, guardian_email = NULL, teacher_email = NULL, guardian_name = NULL, contact_email = '' WHERE id = ?`, r.id);
      db.run(`UPDATE consents SET by_email = '', by_name = '' WHERE entry_id = ?`, r.id);
    }
    for (const m of db.all<{ id: number; to_addr: string }>('SELECT id, to_addr FROM mail_queue')) {
      if (addresses.has(m.to_addr.trim().toLowerCase())) {
        db.run('DELETE FROM mail_queue WHERE id = ?', m.id);
        mailIds.push(m.id);
      }
    }
    audit(db, actor, { action: 'retention.purge', subject: `edition ${editionId}`, after: { entries: rows.length, months } });
  });
  const outbox = join(dataDir, 'outbox');
  if (existsSync(outbox)) for (const name of readdirSync(outbox)) if (mailIds.some((id) => name.endsWith(`-${id}.eml`))) rmSync(join(outbox, name), { force: true });
  if (rows.length) scrubDatabase(db);
  return { ok: true, entries: rows.length };
}
