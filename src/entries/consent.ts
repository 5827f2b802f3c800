import type { Db } from '#src/platform/db.ts';
import { CONSENT_WORDING_VERSION, FORM_VERSION, type EntryRecord } from './entry.ts';
import { getEntry } from './entry-store.ts';
import { checkToken } from '#src/platform/tokens.ts';

/**
 * Consents: who agreed (or withdrew) to what, when, and on which version of the form and wording.
 * Token purposes: 'status' (the artist's status page), 'guardian-confirm' (single use, 14 days),
 * 'withdraw' (no expiry: consent can always be taken back).
 */
export const TOKEN = { status: 'status', guardianConfirm: 'guardian-confirm', withdraw: 'withdraw' } as const;
export const GUARDIAN_LINK_DAYS = 14;

export type ConsentKind = 'publish' | 'print' | 'rules' | 'hide-name';

export interface ConsentRecord {
  entryId: number;
  kind: ConsentKind;
  action: 'given' | 'withdrawn';
  byRole: 'artist' | 'guardian' | 'organiser';
  byName?: string;
  byEmail?: string;
  lang: string;
}

export async function recordConsent(db: Db, c: ConsentRecord): Promise<void> {
  await db.run(
    `INSERT INTO consents (entry_id, kind, action, by_role, by_name, by_email, form_version, wording_version, lang)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    c.entryId,
    c.kind,
    c.action,
    c.byRole,
    c.byName ?? '',
    c.byEmail ?? '',
    FORM_VERSION,
    CONSENT_WORDING_VERSION,
    c.lang,
  );
}

export type TokenOutcome = { ok: true; entry: EntryRecord } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** The entry a secret link points at, without using the link up. */
export async function entryForToken(db: Db, raw: unknown, purpose: string): Promise<TokenOutcome> {
  const t = await checkToken(db, raw, purpose);
  if (!t.ok) return t;
  const entry = await getEntry(db, t.subjectId);
  return entry ? { ok: true, entry } : { ok: false, reason: 'invalid' };
}

/** The guardian confirms: the link is used up and the entry may now be published (once accepted). */
export async function confirmGuardianConsent(db: Db, raw: unknown, lang: string): Promise<TokenOutcome> {
  return await db.tx(async (db) => {
    const t = await checkToken(db, raw, TOKEN.guardianConfirm, { consume: true });
    if (!t.ok) return t;
    const entry = await getEntry(db, t.subjectId);
    if (!entry) return { ok: false as const, reason: 'invalid' as const };
    if (entry.consentState === 'awaiting') {
      await db.run(`UPDATE entries SET consent_state = 'confirmed' WHERE id = ?`, entry.id);
      const who = { byRole: 'guardian' as const, byName: entry.guardianName ?? '', byEmail: entry.guardianEmail ?? '', lang };
      await recordConsent(db, { entryId: entry.id, kind: 'publish', action: 'given', ...who });
      if (entry.consentPrint) await recordConsent(db, { entryId: entry.id, kind: 'print', action: 'given', ...who });
    }
    return { ok: true as const, entry: (await getEntry(db, entry.id))! };
  });
}

/** Publication consent withdrawn by its link: the entry leaves every public output at once. */
export async function withdrawConsent(db: Db, raw: unknown, lang: string): Promise<TokenOutcome> {
  return await db.tx(async (db) => {
    const t = await checkToken(db, raw, TOKEN.withdraw);
    if (!t.ok) return t;
    const entry = await getEntry(db, t.subjectId);
    if (!entry) return { ok: false as const, reason: 'invalid' as const };
    if (entry.consentState !== 'withdrawn') {
      await db.run(`UPDATE entries SET consent_state = 'withdrawn', consent_publish = 0, consent_print = 0 WHERE id = ?`, entry.id);
      const byRole = entry.guardianEmail ? ('guardian' as const) : ('artist' as const);
      const byEmail = (entry.guardianEmail ?? entry.artistEmail) ?? '';
      await recordConsent(db, { entryId: entry.id, kind: 'publish', action: 'withdrawn', byRole, byEmail, byName: entry.guardianName ?? '', lang });
    }
    return { ok: true as const, entry: (await getEntry(db, entry.id))! };
  });
}
