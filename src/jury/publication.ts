import type { Db } from '#src/platform/db.ts';
import { readPublic } from '#src/platform/http/public-cache.ts';
import { audit, type Actor } from '#src/platform/audit.ts';
import { isDay, type Day } from '#src/platform/calendar-date.ts';
import { isEmbargoed, PUBLISH_WORKS, type PublishWorks } from '#src/entries/visibility.ts';
import { leaderboards, roundState, type RoundState } from './jury.ts';

/**
 * An edition's results and when its works become public. Awards are drafts until an organiser
 * publishes the results (who and when is kept); the edition's `publish_works` setting decides
 * whether accepted works are public on acceptance or only once the results are out (the rule
 * itself is entries/visibility.ts). Steps that may surprise (closing a round with works still
 * unscored, publishing with tied ranks) are refused until confirmed, and say how many.
 */
export interface Publication {
  round: RoundState;
  deadline: Day | null;
  publishWorks: PublishWorks;
  resultsPublishedAt: string | null;
  resultsPublishedBy: string | null;
  /** Accepted works are held back from the public right now. */
  embargoed: boolean;
}

export async function publication(db: Db, editionId: number): Promise<Publication | undefined> {
  const r = await db.get<{ judging: RoundState; judging_deadline: string | null; publish_works: PublishWorks; results_published_at: string | null; by: string | null }>(
    `SELECT d.judging, d.judging_deadline, d.publish_works, d.results_published_at, a.email AS by
     FROM editions d LEFT JOIN accounts a ON a.id = d.results_published_by WHERE d.id = ?`,
    editionId,
  );
  if (!r) return undefined;
  return {
    round: r.judging,
    deadline: r.judging_deadline,
    publishWorks: r.publish_works,
    resultsPublishedAt: r.results_published_at,
    resultsPublishedBy: r.by,
    embargoed: isEmbargoed({ publishWorks: r.publish_works, roundStarted: r.judging !== 'not_started', resultsPublished: r.results_published_at !== null }),
  };
}

export async function resultsPublished(db: Db, editionId: number): Promise<boolean> {
  return readPublic(db, `results published ${editionId}`, async () => (await db.get<{ p: string | null }>('SELECT results_published_at AS p FROM editions WHERE id = ?', editionId))?.p != null);
}

export const isPublishWorks = (v: unknown): v is PublishWorks => typeof v === 'string' && (PUBLISH_WORKS as readonly string[]).includes(v);

export async function setPublishWorks(db: Db, actor: Actor, editionId: number, value: PublishWorks): Promise<boolean> {
  return await db.tx(async (db) => {
    const before = await publication(db, editionId);
    if (!before) return false;
    if (before.publishWorks !== value) {
      await db.run('UPDATE editions SET publish_works = ? WHERE id = ?', value, editionId);
      await audit(db, actor, { action: 'edition.publishWorks', subject: `edition ${editionId}`, before: before.publishWorks, after: value });
    }
    return true;
  });
}

/** A step that needs a second "yes": what is surprising about it, and how many works it concerns. */
export type Confirmation = { kind: 'unscored'; n: number; total: number } | { kind: 'ties'; n: number } | { kind: 'roundOpen' } | { kind: 'duplicate'; n: number };
export type Confirmable<T = object> = ({ ok: true } & T) | { ok: false; confirm: Confirmation[] } | { ok: false; reason: 'notFound' | 'noRubric' | 'badDeadline' };

/** Works of an edition that some assigned juror has not judged yet, out of all works being judged. */
export async function unscoredWorks(db: Db, editionId: number): Promise<{ n: number; total: number }> {
  const standings = (await leaderboards(db, editionId)).flatMap((b) => b.standings).filter((s) => s.pending > 0 || s.count > 0 || s.abstentions > 0);
  return { n: standings.filter((s) => s.pending > 0).length, total: standings.length };
}

/** Works that share their rank with another work of their group. */
export async function tiedWorks(db: Db, editionId: number): Promise<number> {
  return (await leaderboards(db, editionId)).flatMap((b) => b.standings).filter((s) => s.tie).length;
}

/**
 * Opens or closes an edition's jury round (opening needs a rubric; a deadline, a calendar day,
 * may be set when opening). Closing while works still wait for a score needs `confirm`.
 */
export async function changeRound(
  db: Db,
  actor: Actor,
  editionId: number,
  state: RoundState,
  opts: { confirm?: boolean; deadline?: string | null } = {},
): Promise<Confirmable> {
  return await db.tx(async (db) => {
    const before = await roundState(db, editionId);
    if (!(await db.get('SELECT 1 AS x FROM editions WHERE id = ?', editionId))) return { ok: false as const, reason: 'notFound' as const };
    if (state === 'open' && !(await db.get('SELECT 1 AS x FROM rubric_criteria WHERE edition_id = ?', editionId))) return { ok: false as const, reason: 'noRubric' as const };
    if (opts.deadline && !isDay(opts.deadline)) return { ok: false as const, reason: 'badDeadline' as const };
    if (state === 'closed' && before === 'open' && !opts.confirm) {
      const u = await unscoredWorks(db, editionId);
      if (u.n > 0) return { ok: false as const, confirm: [{ kind: 'unscored' as const, ...u }] };
    }
    if (state === 'open') {
      await db.run(
        `UPDATE editions SET judging = 'open', judging_deadline = ?, judging_opened_at = CASE WHEN judging = 'open' THEN judging_opened_at ELSE ct_now() END WHERE id = ?`,
        opts.deadline ?? null,
        editionId,
      );
    } else {
      await db.run('UPDATE editions SET judging = ? WHERE id = ?', state, editionId);
    }
    await audit(db, actor, { action: 'jury.round', subject: `edition ${editionId}`, before, after: state === 'open' && opts.deadline ? { state, deadline: opts.deadline } : state });
    return { ok: true as const };
  });
}

/**
 * Publishes an edition's results: from now on its awards show on the winners page, in the gallery,
 * feeds and catalogue, and (with the default setting) its accepted works become public. Tied
 * ranks and a round still open need `confirm`. Returns the entries whose award is now public, for
 * the award mails.
 */
export async function publishResults(db: Db, actor: Actor, editionId: number, opts: { confirm?: boolean } = {}): Promise<Confirmable<{ awarded: number[] }>> {
  return await db.tx(async (db) => {
    const p = await publication(db, editionId);
    if (!p) return { ok: false as const, reason: 'notFound' as const };
    if (!opts.confirm) {
      const confirm: Confirmation[] = [];
      if (p.round === 'open') confirm.push({ kind: 'roundOpen' });
      const ties = await tiedWorks(db, editionId);
      if (ties > 0) confirm.push({ kind: 'ties', n: ties });
      if (confirm.length) return { ok: false as const, confirm };
    }
    if (p.resultsPublishedAt === null) {
      await db.run(`UPDATE editions SET results_published_at = ct_now(), results_published_by = ? WHERE id = ?`, actor.id, editionId);
      await audit(db, actor, { action: 'results.publish', subject: `edition ${editionId}` });
    }
    const awarded = (await db.all<{ id: number }>('SELECT id FROM entries WHERE edition_id = ? AND award_id IS NOT NULL ORDER BY seq', editionId)).map((r) => r.id);
    return { ok: true as const, awarded };
  });
}

/** Takes published results back (a mistake): awards are drafts again and, under embargo, works leave the public set. */
export async function unpublishResults(db: Db, actor: Actor, editionId: number): Promise<boolean> {
  return await db.tx(async (db) => {
    const r = await db.run('UPDATE editions SET results_published_at = NULL, results_published_by = NULL WHERE id = ? AND results_published_at IS NOT NULL', editionId);
    if (r.changes === 1) await audit(db, actor, { action: 'results.unpublish', subject: `edition ${editionId}` });
    return r.changes === 1;
  });
}
