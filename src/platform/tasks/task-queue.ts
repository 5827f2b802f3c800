/**
 * Background tasks kept in the database (table `task_queue`): a domain queues one inside the
 * transaction that causes it (an organiser accepting a work queues its print pictures), and a
 * worker of each server process claims due tasks one at a time and runs the handler registered for
 * their kind. A task that fails is tried again later (1, 4, 9… minutes), at most five times. A
 * claimed task holds a lease (its `run_after` moves LEASE_MS ahead); one whose process stopped
 * (a restart, a crash) is queued again once its lease has run out, by whichever process looks next.
 * Claiming is one conditional UPDATE, so two processes never run the same task.
 */
import type { App } from '../app.ts';
import { nowIso, type Db } from '../db.ts';
import { periodicTasks, type PeriodicTask } from '../workers.ts';

export interface Task {
  id: number;
  kind: string;
  subjectId: number;
  attempts: number;
}

export const MAX_ATTEMPTS = 5;
/** How long a claimed task may run before another process takes it for cut off. */
export const LEASE_MS = 15 * 60_000;

/** Queues a task unless the same one is already waiting. */
export async function enqueueTask(db: Db, kind: string, subjectId: number): Promise<void> {
  await db.run(`INSERT INTO task_queue (kind, subject_id) VALUES (?, ?) ON CONFLICT (kind, subject_id) WHERE state = 'queued' DO NOTHING`, kind, subjectId);
}

/** Claims the oldest due task (any kind in `kinds`), marking it running; undefined when none is due. */
export async function claimTask(db: Db, kinds: string[], now: Date = new Date()): Promise<Task | undefined> {
  if (kinds.length === 0) return undefined;
  for (let tries = 0; tries < 5; tries++) {
    const row = await db.get<{ id: number; kind: string; subject_id: number; attempts: number }>(
      `SELECT id, kind, subject_id, attempts FROM task_queue WHERE state = 'queued' AND run_after <= ? AND kind IN (${kinds.map(() => '?').join(',')}) ORDER BY run_after, id LIMIT 1`,
      now.toISOString(),
      ...kinds,
    );
    if (!row) return undefined;
    // Only one process wins the row; the others look for the next.
    const won = await db.run(
      `UPDATE task_queue SET state = 'running', attempts = attempts + 1, run_after = ? WHERE id = ? AND state = 'queued'`,
      new Date(now.getTime() + LEASE_MS).toISOString(),
      row.id,
    );
    if (won.changes === 1) return { id: row.id, kind: row.kind, subjectId: row.subject_id, attempts: row.attempts + 1 };
  }
  return undefined;
}

export async function finishTask(db: Db, id: number): Promise<void> {
  await db.run(`UPDATE task_queue SET state = 'done', error = NULL, finished_at = ? WHERE id = ?`, nowIso(), id);
}

/** A failed attempt: again later, or failed for good after MAX_ATTEMPTS. */
export async function failTask(db: Db, task: Task, error: string, now: Date = new Date()): Promise<void> {
  const retry = new Date(now.getTime() + task.attempts * task.attempts * 60_000).toISOString();
  await db.tx(async (db) => {
    // A newer copy of the same task may be waiting already (the unique index allows one): then this one just fails.
    const waiting = await db.get(`SELECT 1 AS x FROM task_queue WHERE kind = ? AND subject_id = ? AND state = 'queued'`, task.kind, task.subjectId);
    if (task.attempts >= MAX_ATTEMPTS || waiting) await db.run(`UPDATE task_queue SET state = 'failed', error = ?, finished_at = ? WHERE id = ?`, error.slice(0, 1000), now.toISOString(), task.id);
    else await db.run(`UPDATE task_queue SET state = 'queued', error = ?, run_after = ? WHERE id = ?`, error.slice(0, 1000), retry, task.id);
  });
}

/** Tasks whose lease ran out (their process was cut off) are queued again. Returns how many. */
export async function requeueInterrupted(db: Db, now: Date = new Date()): Promise<number> {
  return db.tx(async (db) => {
    const stale = await db.all<{ id: number; kind: string; subject_id: number }>(`SELECT id, kind, subject_id FROM task_queue WHERE state = 'running' AND run_after < ?`, now.toISOString());
    for (const r of stale) {
      const waiting = await db.get(`SELECT 1 AS x FROM task_queue WHERE kind = ? AND subject_id = ? AND state = 'queued'`, r.kind, r.subject_id);
      await db.run(`UPDATE task_queue SET state = ?, run_after = ? WHERE id = ? AND state = 'running'`, waiting ? 'failed' : 'queued', now.toISOString(), r.id);
    }
    return stale.length;
  });
}

/** Finished tasks older than a week are dropped. */
export async function pruneTasks(db: Db, now: Date = new Date()): Promise<void> {
  await db.run(`DELETE FROM task_queue WHERE state IN ('done','failed') AND finished_at < ?`, new Date(now.getTime() - 7 * 864e5).toISOString());
}

/** How many tasks of a kind wait or run (a benchmark waits for zero). */
export async function pendingTasks(db: Db, kind: string): Promise<number> {
  return (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM task_queue WHERE kind = ? AND state IN ('queued','running')`, kind))!.n;
}

export type TaskHandler = (app: App, subjectId: number) => Promise<void>;
const handlers = new Map<string, TaskHandler>();

/** A domain says what a kind of task does (e.g. catalogue/print-pictures.ts); the worker then runs with the server's others. */
export function handleTasks(kind: string, handler: TaskHandler): void {
  handlers.set(kind, handler);
  if (!periodicTasks.includes(taskWorker)) periodicTasks.push(taskWorker);
}

let lastSweep = 0;

/** The periodic worker: runs due tasks one after another until none is due. */
export const taskWorker: PeriodicTask = {
  name: 'background tasks',
  everyMs: 2000,
  run: async (app) => {
    // Once a minute: tasks cut off by a stopped process go back in the queue, old ones go.
    if (Date.now() - lastSweep > 60_000) {
      lastSweep = Date.now();
      await requeueInterrupted(app.db);
      await pruneTasks(app.db);
    }
    for (;;) {
      const task = await claimTask(app.db, [...handlers.keys()]);
      if (!task) return;
      try {
        await handlers.get(task.kind)!(app, task.subjectId);
        await finishTask(app.db, task.id);
      } catch (err) {
        await failTask(app.db, task, (err as Error).message);
      }
    }
  },
};
