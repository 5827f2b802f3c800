import type { Db } from '#src/platform/db.ts';
import { dict, fill, formatDateTime, localized, localizedField, type Lang } from '#src/i18n/index.ts';
import type { EntryRecord } from './entry.ts';
import { publicAwardSql } from './visibility.ts';
import { isPublic } from './entry-store.ts';
import { entryForToken, TOKEN, withdrawnAt } from './consent.ts';
import { audit } from '#src/platform/audit.ts';
import { entryFieldErrors, workTextsSchema, type FieldError } from './entry.ts';

/**
 * What the artist's status page says, step by step: received → guardian consent → the organisers'
 * decision → publication → award, each with its date and in the words that fit its state (a
 * rejected work is "not accepted", never "not public yet"). Written to the artist informally.
 */
export type StepKey = 'received' | 'consent' | 'decision' | 'public' | 'award';
export type StepState = 'done' | 'current' | 'waiting' | 'stopped';

export interface StatusStep {
  key: StepKey;
  state: StepState;
  text: string;
  /** Further lines: "may also be in the catalogue", … */
  more?: string[];
}

export interface EntryStatusView {
  steps: StatusStep[];
  /** A rejection as the organiser chose it: the reason in the reader's language, the note word for word. */
  rejection?: { reason?: string; note?: string };
  published: boolean;
  /** Until the organisers decide, the artist may correct the title, statement and picture description. */
  canCorrect: boolean;
  /** Consent to publication can be withdrawn while it stands. */
  canWithdraw: boolean;
}

/** The name of an entry's award in a language, once the edition's results are published (drafts stay unseen). */
export async function awardName(db: Db, entry: Pick<EntryRecord, 'id'>, lang: Lang): Promise<string | undefined> {
  const row = await db.get<{ name_cs: string; name_en: string }>(
    `SELECT a.name_cs, a.name_en FROM entries JOIN awards a ON a.id = entries.award_id WHERE entries.id = ? AND ${publicAwardSql()}`,
    entry.id,
  );
  return row ? localized(localizedField({ nameCs: row.name_cs, nameEn: row.name_en }, 'name'), lang) : undefined;
}

/** The reason an entry was rejected, in a language: the label of the organisers' list (or the older stored text). */
async function rejection(db: Db, entry: EntryRecord, lang: Lang): Promise<EntryStatusView['rejection']> {
  if (entry.status !== 'rejected') return undefined;
  const note = entry.rejectNote?.trim() || undefined;
  if (!entry.rejectCode) return { reason: entry.rejectReason?.trim() || undefined };
  const row = await db.get<{ label_cs: string; label_en: string }>('SELECT label_cs, label_en FROM reject_reasons WHERE code = ?', entry.rejectCode);
  // "Another reason" says nothing the note does not: the note alone is the reason then.
  const reason = row && !(entry.rejectCode === 'other' && note) ? localized(localizedField({ labelCs: row.label_cs, labelEn: row.label_en }, 'label'), lang) : undefined;
  return { reason, note };
}

export async function entryStatusView(db: Db, entry: EntryRecord, lang: Lang): Promise<EntryStatusView> {
  const t = dict(lang).status;
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, lang) : '');
  const steps: StatusStep[] = [{ key: 'received', state: 'done', text: fill(t.receivedOn, { date: when(entry.createdAt) }) }];

  const refused = entry.guardianRefusedAt !== null;
  const withdrawn = entry.consentState === 'withdrawn' && !refused;
  const consent: StatusStep = { key: 'consent', state: 'done', text: t.consentNotNeeded };
  if (refused) Object.assign(consent, { state: 'stopped', text: fill(t.consentRefused, { date: when(entry.guardianRefusedAt) }) });
  else if (withdrawn) Object.assign(consent, { state: 'stopped', text: fill(t.consentWithdrawn, { date: when(await withdrawnAt(db, entry.id)) }) });
  else if (entry.consentState === 'awaiting') Object.assign(consent, { state: 'current', text: t.consentAwaiting });
  else if (entry.consentState === 'confirmed') consent.text = fill(t.consentConfirmed, { date: when(entry.guardianDecidedAt) });
  steps.push(consent);

  const decision: StatusStep = { key: 'decision', state: 'current', text: t.decisionPending };
  if (entry.status === 'accepted') Object.assign(decision, { state: 'done', text: fill(t.accepted, { date: when(entry.reviewedAt) }) });
  if (entry.status === 'rejected') Object.assign(decision, { state: 'stopped', text: fill(t.rejected, { date: when(entry.reviewedAt) }) });
  if (refused) decision.state = decision.state === 'current' ? 'waiting' : decision.state;
  steps.push(decision);

  // Public as the gallery sees it: the entry's own facts and its edition's embargo (visibility.ts).
  const published = await isPublic(db, entry.id);
  const publication: StatusStep = { key: 'public', state: 'waiting', text: t.publicAfterDecision };
  if (published) Object.assign(publication, { state: 'done', text: t.publishedOn });
  else if (entry.status === 'rejected') Object.assign(publication, { state: 'stopped', text: t.publicRejected });
  else if (refused || withdrawn || (!entry.consentPublish && entry.consentState !== 'awaiting')) Object.assign(publication, { state: 'stopped', text: t.publicNoConsent });
  else if (entry.consentState === 'awaiting') publication.text = t.publicAfterConsent;
  if (!refused && !withdrawn && entry.status !== 'rejected') {
    publication.more = [...(entry.consentPrint ? [t.printToo] : []), ...(entry.consentExhibit ? [t.exhibitToo] : [])];
  }
  steps.push(publication);

  const award = await awardName(db, entry, lang);
  const awardStep: StatusStep = { key: 'award', state: 'waiting', text: entry.status === 'rejected' || refused ? t.awardNone : t.awardPending };
  if (award) Object.assign(awardStep, { state: 'done', text: fill(t.awarded, { award }) });
  else if (entry.status === 'rejected' || refused) awardStep.state = 'stopped';
  steps.push(awardStep);

  return {
    steps,
    rejection: await rejection(db, entry, lang),
    published,
    canCorrect: entry.status === 'received' && !refused,
    canWithdraw: entry.consentState !== 'withdrawn',
  };
}

export type CorrectionField = 'title' | 'statement' | 'altText';
export type CorrectionResult =
  | { ok: true; changed: CorrectionField[] }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' | 'decided' }
  | { ok: false; errors: Partial<Record<CorrectionField, FieldError>> };

/**
 * The artist corrects the title, statement and picture description by the status link, until the
 * organisers decide, by the same rules as the entry form (entry.ts); the old texts stay
 * in the audit log.
 */
export async function correctByArtist(db: Db, token: unknown, input: Record<CorrectionField, string>): Promise<CorrectionResult> {
  return await db.tx(async (db) => {
    const found = await entryForToken(db, token, TOKEN.status);
    if (!found.ok) return found;
    const entry = found.entry;
    if (entry.status !== 'received' || entry.guardianRefusedAt) return { ok: false as const, reason: 'decided' as const };
    const parsed = workTextsSchema.safeParse(input);
    if (!parsed.success) return { ok: false as const, errors: entryFieldErrors(parsed.error) as Partial<Record<CorrectionField, FieldError>> };
    const v = parsed.data;
    const old = { title: entry.title, statement: entry.statement, altText: entry.altText };
    const changed = (Object.keys(v) as CorrectionField[]).filter((k) => v[k] !== old[k]);
    if (changed.length === 0) return { ok: true as const, changed };
    await db.run('UPDATE entries SET title = ?, statement = ?, alt_text = ? WHERE id = ?', v.title, v.statement, v.altText, entry.id);
    await audit(db, null, {
      action: 'entry.edit.artist',
      entryId: entry.id,
      subject: 'status link',
      before: Object.fromEntries(changed.map((k) => [k, old[k]])),
      after: Object.fromEntries(changed.map((k) => [k, v[k]])),
    });
    return { ok: true as const, changed };
  });
}
