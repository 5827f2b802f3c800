import type { Db } from '#src/platform/db.ts';
import type { AuditRow } from '#src/platform/audit.ts';
import { dict, fill, type Lang } from '#src/i18n/index.ts';

/**
 * The audit log as people read it, in the admin's language: field names and the values the
 * product knows (statuses, roles, round states, when works become public, yes/no) in words, an
 * edition by its year. Free texts (titles, reasons, e-mails) stay as they were written.
 */
export async function auditReader(db: Db, lang: Lang): Promise<(row: AuditRow) => { action: string; subject: string; before: string; after: string }> {
  const t = dict(lang).bo;
  const years = new Map((await db.all<{ id: number; year: number }>('SELECT id, year FROM editions')).map((e) => [e.id, e.year]));
  const words: Record<string, Record<string, string>> = {
    status: t.statuses,
    role: t.accounts.rolesNom,
    state: t.judging.roundStates,
    'jury.round': t.judging.roundStates,
    'edition.publishWorks': t.judging.publishWorksOptions,
  };
  const keys = t.audit.keys as Record<string, string>;
  const scalar = (v: unknown, dictionary?: Record<string, string>): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t.common.yes : t.common.no;
    if (typeof v === 'string') return dictionary?.[v] ?? v;
    if (typeof v === 'number') return v.toLocaleString(lang);
    return Array.isArray(v) ? v.map((x) => text(x)).join(', ') : text(v);
  };
  const text = (v: unknown, action?: string): string => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${keys[k] ?? k}: ${scalar(x, words[k])}`).join('; ');
    }
    return v === null || v === undefined ? '' : scalar(v, action ? words[action] : undefined);
  };
  return (row) => ({
    action: (t.audit.actions as Record<string, string>)[row.action] ?? row.action,
    subject: row.subject.replace(/^edition (\d+)$/, (_, id: string) => fill(t.audit.edition, { year: years.get(Number(id)) ?? id })),
    before: text(row.before, row.action),
    after: text(row.after, row.action),
  });
}
