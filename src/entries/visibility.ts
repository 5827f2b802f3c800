import type { ConsentState, EntryStatus } from './entry.ts';

/**
 * Who may see an entry, the one rule every output follows. An entry is
 * - exhibitable (the touring exhibition): accepted, (under 15) its guardian confirmed and did not
 *   withdraw, and consented to the exhibition;
 * - public (gallery, feeds, share pictures, media): exhibitable and consented to publication online;
 * - printable (catalogue, print pictures, PDFs): exhibitable and consented to print.
 * The SQL below says the same; the media-version trigger of migration 3 restates the public rule
 * in SQL, and a test checks that it agrees.
 */
export type Visibility = 'exhibitable' | 'public' | 'printable';

/** The consent states that let an entry be shown: no guardian needed, or the guardian confirmed. */
export const SHOWABLE_CONSENT: readonly ConsentState[] = ['not_needed', 'confirmed'];

export interface VisibilityFacts {
  status: EntryStatus;
  consentPublish: boolean;
  consentPrint: boolean;
  consentExhibit: boolean;
  consentState: ConsentState;
}

export function isVisible(kind: Visibility, e: VisibilityFacts): boolean {
  if (e.status !== 'accepted' || !SHOWABLE_CONSENT.includes(e.consentState)) return false;
  if (kind === 'public') return e.consentPublish;
  if (kind === 'printable') return e.consentPrint;
  return e.consentExhibit;
}

/** The same rule as an SQL condition over the entries table, its columns qualified by `alias` when given. */
export function visibleSql(kind: Visibility, alias?: string): string {
  const c = (column: string) => (alias ? `${alias}.${column}` : column);
  const showable = SHOWABLE_CONSENT.map((s) => `'${s}'`).join(',');
  const base = `${c('status')} = 'accepted' AND ${c('consent_state')} IN (${showable})`;
  if (kind === 'public') return `${base} AND ${c('consent_publish')} = 1`;
  if (kind === 'printable') return `${base} AND ${c('consent_print')} = 1`;
  return `${base} AND ${c('consent_exhibit')} = 1`;
}
