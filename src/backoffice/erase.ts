import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '#src/platform/app.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { entryPrefix } from '#src/artworks/storage.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import { TOKEN } from '#src/entries/consent.ts';
import type { Db } from '#src/platform/db.ts';
import { removeCatalogueImages } from '#src/catalogue/images.ts';
import { contactSheetPath } from '#src/catalogue/pdf/contact-sheet.ts';
import { forgetEmptyBatch, purgeBatchContacts } from '#src/schools/batches.ts';
import { forgetSignedForms } from '#src/schools/consent-forms.ts';

/**
 * Erasing an entry on request, and the retention rule for contact data.
 *
 * Erase removes, in one transaction: the entry row and everything hanging on it (pages, consents,
 * redactions, selections, its posted original with its place in a set and hand-over lines, by cascade), its secret links, the e-mails queued or sent about it; jury
 * scores stay but lose the entry (anonymous); audit rows keep only the reference (values blanked).
 * Then the files, in the data directory or the bucket: the entry's pictures (masters, originals
 * kept under redaction, derivatives, share and jury pictures, print-size copies), the .eml copies
 * of its mails in outbox/, and cached catalogue PDFs:
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

/** Every PDF kept under catalogue/ in the file store (keys). */
async function cachedPdfs(storage: Storage): Promise<string[]> {
  return (await storage.list('catalogue/')).map((o) => o.key).filter((k) => k.toLowerCase().endsWith('.pdf'));
}

/**
 * Rewrites the tables so deleted rows leave no bytes behind: SQLite vacuums the file and empties
 * its write-ahead log; PostgreSQL rewrites the tables that held them (see db.dialect.scrub).
 */
export async function scrubDatabase(db: Db): Promise<boolean> {
  try {
    for (const sql of db.dialect.scrub) await db.run(sql);
    return true;
  } catch {
    return false;
  }
}

/** Which cached catalogue PDFs hold the entry (storage keys) and which job rows to drop. */
async function cataloguePdfs(db: Db, storage: Storage, entryId: number): Promise<{ files: string[]; jobIds: unknown[] }> {
  const all = await cachedPdfs(storage);
  const jobs = await db.all<Record<string, unknown>>('SELECT id AS __key, * FROM catalogue_jobs');
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
export async function eraseEntry(app: Pick<App, 'db' | 'storage' | 'config'>, actor: Actor, entryId: number): Promise<EraseResult | undefined> {
  const { db, storage } = app;
  const dataDir = app.config.dataDir;
  const entry = await db.get<{ reference: string; artist_email: string | null; guardian_email: string | null; teacher_email: string | null; contact_email: string; batch_id: number | null }>(
    'SELECT reference, artist_email, guardian_email, teacher_email, contact_email, batch_id FROM entries WHERE id = ?',
    entryId,
  );
  if (!entry) return undefined;
  // Mails to the artist or guardian, and any mail that names the reference (e.g. to a teacher).
  const personal = [entry.artist_email, entry.guardian_email, entry.contact_email].filter((e): e is string => !!e).map((e) => e.toLowerCase());
  const mails = (await db
    .all<{ id: number; to_addr: string; text: string; subject: string }>('SELECT id, to_addr, text, subject FROM mail_queue'))
    // Mails naming this entry go; mails to the same address about another entry (a sibling's
    // guardian confirmation) stay.
    .filter((m) => {
      const names = `${m.subject}\n${m.text}`;
      if (names.includes(entry.reference)) return true;
      return personal.includes(m.to_addr.trim().toLowerCase()) && !/CT-\d{4}-\d{4,}/.test(names);
    })
    .map((m) => m.id);
  const pdfs = await cataloguePdfs(db, storage, entryId);
  const files = (await storage.list(entryPrefix(entryId))).length;

  await db.tx(async (db) => {
    await db.run(`DELETE FROM tokens WHERE subject_id = ? AND purpose IN (${ENTRY_TOKEN_PURPOSES.map(() => '?').join(',')})`, entryId, ...ENTRY_TOKEN_PURPOSES);
    for (const id of mails) await db.run('DELETE FROM mail_queue WHERE id = ?', id);
    for (const j of pdfs.jobIds) await db.run('DELETE FROM catalogue_jobs WHERE id = ?', j as number);
    // The log keeps what happened and the reference; values (which may hold names or texts) go.
    await db.run(`UPDATE audit_log SET entry_id = NULL, before = NULL, after = NULL WHERE entry_id = ? OR entry_ref = ?`, entryId, entry.reference);
    await db.run('UPDATE entries SET award_id = NULL WHERE id = ?', entryId);
    await db.run('DELETE FROM entries WHERE id = ?', entryId);
    // A class batch left without works goes too, with its link (schools/batches.ts).
    await forgetEmptyBatch(db, entry.batch_id);
    await audit(db, actor, { action: 'entry.erase', entryRef: entry.reference });
  });

  await storage.removePrefix(entryPrefix(entryId));
  // The catalogue's print-size copies of its pictures go too.
  await removeCatalogueImages(storage, entryId);
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
    await storage.remove(f);
    await storage.remove(contactSheetPath(f));
  }
  const vacuumed = await scrubDatabase(db);
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
 * (prize letters, certificates). Their mails are deleted too, queued or sent, and so are the
 * pictures of signed consent forms (a guardian's name and signature; schools/consent-forms.ts),
 * when the store is given; the record that the consent was verified stays.
 */
export async function purgeContacts(db: Db, dataDir: string, actor: Actor, editionId: number, months: number, now = new Date(), storage?: Storage): Promise<RetentionResult> {
  const edition = await db.get<{ closes_at: string }>('SELECT closes_at FROM editions WHERE id = ?', editionId);
  if (!edition) return { ok: false, reason: 'notFound' };
  const from = addMonths(edition.closes_at, months);
  if (from > now) return { ok: false, reason: 'tooEarly', allowedFrom: from.toISOString() };
  const rows = await db.all<{ id: number; artist_email: string | null; guardian_email: string | null; teacher_email: string | null }>(
    `SELECT id, artist_email, guardian_email, teacher_email FROM entries WHERE edition_id = ? AND award_id IS NULL
     AND (artist_email IS NOT NULL OR guardian_email IS NOT NULL OR teacher_email IS NOT NULL OR guardian_name IS NOT NULL OR contact_email <> '')`,
    editionId,
  );
  const addresses = new Set(rows.flatMap((r) => [r.artist_email, r.guardian_email, r.teacher_email]).filter((e): e is string => !!e).map((e) => e.toLowerCase()));
  // Addresses still needed by an awarded entry are kept in the mail log.
  for (const r of await db.all<{ a: string | null; g: string | null; t: string | null }>('SELECT artist_email AS a, guardian_email AS g, teacher_email AS t FROM entries WHERE award_id IS NOT NULL')) {
    for (const e of [r.a, r.g, r.t]) if (e) addresses.delete(e.toLowerCase());
  }
  const mailIds: number[] = [];
  await db.tx(async (db) => {
    // Class batches' teachers (schools/batches.ts), unless a work of theirs won an award.
    for (const e of await purgeBatchContacts(db, editionId)) addresses.add(e.toLowerCase());
    for (const r of rows) {
      await db.run(`UPDATE entries SET artist_email = NULL, guardian_email = NULL, teacher_email = NULL, guardian_name = NULL, contact_email = '' WHERE id = ?`, r.id);
      await db.run(`UPDATE consents SET by_email = '', by_name = '' WHERE entry_id = ?`, r.id);
    }
    for (const m of await db.all<{ id: number; to_addr: string }>('SELECT id, to_addr FROM mail_queue')) {
      if (addresses.has(m.to_addr.trim().toLowerCase())) {
        await db.run('DELETE FROM mail_queue WHERE id = ?', m.id);
        mailIds.push(m.id);
      }
    }
    await audit(db, actor, { action: 'retention.purge', subject: `edition ${editionId}`, after: { entries: rows.length, months } });
  });
  const outbox = join(dataDir, 'outbox');
  if (existsSync(outbox)) for (const name of readdirSync(outbox)) if (mailIds.some((id) => name.endsWith(`-${id}.eml`))) rmSync(join(outbox, name), { force: true });
  if (storage) await forgetSignedForms(db, storage, editionId);
  if (rows.length) await scrubDatabase(db);
  return { ok: true, entries: rows.length };
}
