import type { Db } from '#src/platform/db.ts';
import type { AuditRow } from '#src/platform/audit.ts';
import { dict, fill, isLang, localized, localizedField, type Lang } from '#src/i18n/index.ts';
import { listReasons } from '#src/entries/review.ts';

/** A piece of an audit value; `lang` when it is text people typed in a language of its own (a Czech award name…). */
export interface AuditPart {
  text: string;
  lang?: Lang;
}

export interface AuditLine {
  action: string;
  subject: string;
  /** The subject's language when it is a typed name (an award's Czech name). */
  subjectLang?: Lang;
  before: string;
  after: string;
  beforeParts: AuditPart[];
  afterParts: AuditPart[];
}

/** Which language a typed value is in, by its field's name (nameCs, labelEn…). */
const langOfKey = (key: string): Lang | undefined => (/Cs$/.test(key) ? 'cs' : /En$/.test(key) ? 'en' : undefined);

/** Fields that only identify a row for the program (a reason's code): never shown. */
const HIDDEN_KEYS = new Set(['code']);

/**
 * The audit log as people read it, in the admin's language: field names and the values the
 * product knows (statuses, roles, round states, when works become public, selection moves, yes/no)
 * in words, an edition by its year. Free texts (titles, reasons, e-mails) stay as they were
 * written, marked with their language where it is known, so nothing internal is shown and a
 * Czech name in the English admin is read as Czech.
 */
export async function auditReader(db: Db, lang: Lang): Promise<(row: AuditRow) => AuditLine> {
  const t = dict(lang).bo;
  const years = new Map((await db.all<{ id: number; year: number }>('SELECT id, year FROM editions')).map((e) => [e.id, e.year]));
  const reasons = new Map((await listReasons(db, { all: true })).map((r) => [r.code, localized(localizedField(r, 'label'), lang)]));
  const all = t.audit.any;
  const words: Record<string, Record<string, string>> = {
    status: t.statuses,
    role: t.accounts.rolesNom,
    state: t.judging.roundStates,
    category: { '*': all },
    ageGroup: { '*': all },
    'jury.round': t.judging.roundStates,
    'edition.publishWorks': t.judging.publishWorksOptions,
    'selection.add': t.audit.selectionOps,
    'selection.remove': t.audit.selectionOps,
    'selection.move': t.audit.selectionOps,
  };
  const keys = t.audit.keys as Record<string, string>;
  const kinds: Record<string, string> = { exhibition: t.selections.exhibition, catalogue: t.selections.catalogue };
  const scalar = (v: unknown, dictionary?: Record<string, string>, typedIn?: Lang): AuditPart[] => {
    if (v === null || v === undefined || v === '') return [{ text: '—' }];
    if (typeof v === 'boolean') return [{ text: v ? t.common.yes : t.common.no }];
    if (typeof v === 'string') return dictionary?.[v] !== undefined ? [{ text: dictionary[v]! }] : [{ text: v, ...(typedIn ? { lang: typedIn } : {}) }];
    if (typeof v === 'number') return [{ text: v.toLocaleString(lang) }];
    return Array.isArray(v) ? v.flatMap((x, i) => [...(i ? [{ text: ', ' }] : []), ...parts(x)]) : parts(v);
  };
  const parts = (v: unknown, action?: string): AuditPart[] => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.entries(v as Record<string, unknown>).filter(([k]) => !HIDDEN_KEYS.has(k)).flatMap(([k, x], i) => [
        { text: `${i ? '; ' : ''}${keys[k] ?? k}: ` },
        // A language by its own name ("čeština"), marked as such.
        ...(k === 'lang' && isLang(x) ? [{ text: dict(x).lang.name, lang: x }] : scalar(x, words[k], langOfKey(k))),
      ]);
    }
    if (v === null || v === undefined) return [];
    // A move to a position is logged as the number.
    if (action === 'selection.move' && typeof v === 'number') return [{ text: fill(t.audit.toPosition, { n: v }) }];
    // Award names are logged as their Czech name.
    return scalar(v, action ? words[action] : undefined, action === 'entry.award' ? 'cs' : undefined);
  };
  const joined = (p: AuditPart[]) => p.map((x) => x.text).join('');
  return (row) => {
    const beforeParts = parts(row.before, row.action);
    const afterParts = parts(row.after, row.action);
    return {
      action: (t.audit.actions as Record<string, string>)[row.action] ?? row.action,
      subject: row.action.startsWith('selection.')
        ? kinds[row.subject] ?? row.subject
        : row.action === 'reason.save'
          ? reasons.get(row.subject) ?? row.subject
          : row.subject.replace(/^edition (\d+)$/, (_, id: string) => fill(t.audit.edition, { year: years.get(Number(id)) ?? id })),
      ...(row.action === 'award.save' ? { subjectLang: 'cs' as const } : {}),
      before: joined(beforeParts),
      after: joined(afterParts),
      beforeParts,
      afterParts,
    };
  };
}
