import type { Db } from '#src/platform/db.ts';
import { CONSENT_WORDING_VERSION, FORM_VERSION, type EntryRecord } from './entry.ts';
import { getEntry } from './entry-store.ts';
import { checkToken, hashToken, type TokenCheck } from '#src/platform/tokens.ts';

/**
 * Consents: who agreed (or withdrew) to what, when, and on which version of the form and wording.
 * Token purposes: 'status' (the artist's status page), 'guardian-confirm' (single use, 14 days),
 * 'withdraw' (no expiry: consent can always be taken back).
 */
export const TOKEN = { status: 'status', guardianConfirm: 'guardian-confirm', withdraw: 'withdraw' } as const;
export const GUARDIAN_LINK_DAYS = 14;

/**
 * What is consented to: taking part at all, the rules, the three uses a guardian decides on
 * separately (online gallery, printed catalogue, touring exhibition) and keeping the name private.
 */
export type ConsentKind = 'participation' | 'publish' | 'print' | 'exhibit' | 'rules' | 'hide-name' | 'paper-form';

/** The three uses of a work, as a guardian sees and decides them. */
export interface Uses {
  gallery: boolean;
  catalogue: boolean;
  exhibition: boolean;
}
export const USE_KINDS = { gallery: 'publish', catalogue: 'print', exhibition: 'exhibit' } as const satisfies Record<keyof Uses, ConsentKind>;

export const usesOf = (e: Pick<EntryRecord, 'consentPublish' | 'consentPrint' | 'consentExhibit'>): Uses => ({
  gallery: e.consentPublish,
  catalogue: e.consentPrint,
  exhibition: e.consentExhibit,
});

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

/** The guardian's answer: consent, with the uses they allow, or a refusal to let the work take part. */
export type GuardianDecision = { consent: true; uses: Uses } | { consent: false };

export type DecisionOutcome = { ok: true; entry: EntryRecord; decided: 'consented' | 'refused'; changed: boolean } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/**
 * The guardian decides by the single-use link of their e-mail. Consenting makes the entry
 * showable (once accepted) for exactly the uses allowed; refusing takes it out for good
 * (consent_state 'withdrawn', every use off). Each use is logged separately. The decision may
 * depend on the entry (the uses the artist chose); `after` runs inside the same transaction, with
 * its handle, when something changed (the outcome mails).
 */
export async function decideGuardianConsent(
  db: Db,
  raw: unknown,
  choose: GuardianDecision | ((entry: EntryRecord) => GuardianDecision),
  lang: string,
  after?: (tx: Db, entry: EntryRecord, decided: 'consented' | 'refused') => Promise<void>,
): Promise<DecisionOutcome> {
  return await db.tx(async (db) => {
    const t = await checkToken(db, raw, TOKEN.guardianConfirm, { consume: true });
    if (!t.ok) return t;
    const entry = await getEntry(db, t.subjectId);
    if (!entry) return { ok: false as const, reason: 'invalid' as const };
    if (entry.consentState !== 'awaiting') {
      return { ok: true as const, entry, decided: entry.guardianRefusedAt ? ('refused' as const) : ('consented' as const), changed: false };
    }
    const decision = typeof choose === 'function' ? choose(entry) : choose;
    const who = { byRole: 'guardian' as const, byName: entry.guardianName ?? '', byEmail: entry.guardianEmail ?? '', lang };
    if (decision.consent) {
      const u = decision.uses;
      await db.run(
        `UPDATE entries SET consent_state = 'confirmed', consent_publish = ?, consent_print = ?, consent_exhibit = ?,
         guardian_decided_at = ct_now() WHERE id = ?`,
        Number(u.gallery), Number(u.catalogue), Number(u.exhibition), entry.id,
      );
      await recordConsent(db, { entryId: entry.id, kind: 'participation', action: 'given', ...who });
      const asked = usesOf(entry);
      for (const use of Object.keys(USE_KINDS) as (keyof Uses)[]) {
        // A use the guardian allows is given; one the artist chose but the guardian did not is withdrawn.
        if (u[use]) await recordConsent(db, { entryId: entry.id, kind: USE_KINDS[use], action: 'given', ...who });
        else if (asked[use]) await recordConsent(db, { entryId: entry.id, kind: USE_KINDS[use], action: 'withdrawn', ...who });
      }
    } else {
      await db.run(
        `UPDATE entries SET consent_state = 'withdrawn', consent_publish = 0, consent_print = 0, consent_exhibit = 0,
         guardian_refused_at = ct_now(), guardian_decided_at = ct_now() WHERE id = ?`,
        entry.id,
      );
      await recordConsent(db, { entryId: entry.id, kind: 'participation', action: 'withdrawn', ...who });
    }
    const now = (await getEntry(db, entry.id))!;
    const decided = decision.consent ? ('consented' as const) : ('refused' as const);
    await after?.(db, now, decided);
    return { ok: true as const, entry: now, decided, changed: true };
  });
}

/** The entry a guardian's link decided, once used: the page then says what was decided. */
export async function decidedEntry(db: Db, raw: unknown): Promise<EntryRecord | undefined> {
  if (typeof raw !== 'string' || raw.length < 16 || raw.length > 100) return undefined;
  const row = await db.get<{ subject_id: number }>('SELECT subject_id FROM tokens WHERE hash = ? AND purpose = ? AND used_at IS NOT NULL', hashToken(raw), TOKEN.guardianConfirm);
  return row ? await getEntry(db, row.subject_id) : undefined;
}

/** A withdrawal link, or the artist's status link (the status page offers withdrawal too). */
async function withdrawalToken(db: Db, raw: unknown): Promise<TokenCheck> {
  const t = await checkToken(db, raw, TOKEN.withdraw);
  if (t.ok || t.reason !== 'invalid') return t;
  return await checkToken(db, raw, TOKEN.status);
}

/** The entry a withdrawal link (or a status link) points at. */
export async function entryForWithdrawal(db: Db, raw: unknown): Promise<TokenOutcome> {
  const t = await withdrawalToken(db, raw);
  if (!t.ok) return t;
  const entry = await getEntry(db, t.subjectId);
  return entry ? { ok: true, entry } : { ok: false, reason: 'invalid' };
}

/** Publication consent withdrawn by its link: the entry leaves every public output at once. */
export async function withdrawConsent(db: Db, raw: unknown, lang: string): Promise<TokenOutcome> {
  return await db.tx(async (db) => {
    const t = await withdrawalToken(db, raw);
    if (!t.ok) return t;
    const entry = await getEntry(db, t.subjectId);
    if (!entry) return { ok: false as const, reason: 'invalid' as const };
    if (entry.consentState !== 'withdrawn') {
      await db.run(`UPDATE entries SET consent_state = 'withdrawn', consent_publish = 0, consent_print = 0, consent_exhibit = 0 WHERE id = ?`, entry.id);
      const byRole = entry.guardianEmail ? ('guardian' as const) : ('artist' as const);
      const byEmail = (entry.guardianEmail ?? entry.artistEmail) ?? '';
      await recordConsent(db, { entryId: entry.id, kind: 'publish', action: 'withdrawn', byRole, byEmail, byName: entry.guardianName ?? '', lang });
    }
    return { ok: true as const, entry: (await getEntry(db, entry.id))! };
  });
}

/** When consent to publication was withdrawn (the last such record), for the status page. */
export async function withdrawnAt(db: Db, entryId: number): Promise<string | undefined> {
  return (await db.get<{ at: string }>(`SELECT at FROM consents WHERE entry_id = ? AND kind = 'publish' AND action = 'withdrawn' ORDER BY id DESC LIMIT 1`, entryId))?.at;
}

/** Who recorded a posted work's paper form, and when (intake.ts with `paper`), if it came that way. */
export async function paperConsent(db: Db, entryId: number): Promise<{ byEmail: string; at: string } | undefined> {
  return db.get<{ byEmail: string; at: string }>(`SELECT by_email AS "byEmail", at FROM consents WHERE entry_id = ? AND kind = 'paper-form' ORDER BY id LIMIT 1`, entryId);
}
