/**
 * Background tasks kept in the database (table `task_queue`): a domain queues one inside the
 * transaction that causes it (an organiser accepting a work queues its print pictures), and a
 * worker of the server process claims due tasks one at a time and runs the handler registered for
 * their kind. A task that fails is tried again later (1, 4, 9… minutes), at most five times; a
 * restart leaves nothing behind (a task found running at start is queued again).
 */
import type { App } from '../app.ts';
import type { Db } from '../db.ts';
import { periodicTasks, type PeriodicTask } from '../workers.ts';

export interface Task {
  id: number;
  kind: string;
  subjectId: number;
  attempts: number;
}

export const MAX_ATTEMPTS = 5;

/** Queues a task unless the same one is already waiting. */
export function enqueueTask(db: Db, kind: string, subjectId: number): void {
  db.run(`INSERT INTO task_queue (kind, subject_id) VALUES (?, ?) ON CONFLICT (kind, subject_id) WHERE state = 'queued' DO NOTHING`, kind, subjectId);
}

/** Claims the oldest due task (any kind in `kinds`), marking it running; undefined when none is due. */
export function claimTask(db: Db, kinds: string[], now: Date = new Date()): Task | undefined {
  if (kinds.length === 0) return undefined;
  return db.tx(() => {
    const row = db.get<{ id: number; kind: string; subject_id: number; attempts: number }>(
      `SELECT id, kind, subject_id, attempts FROM task_queue WHERE state = 'queued' AND run_after <= ? AND kind IN (${kinds.map(() => '?').join(',')}) ORDER BY run_after, id LIMIT 1`,
      now.toISOString(),
      ...kinds,
    );
    if (!row) return undefined;
    db.run(`UPDATE task_queue SET state = 'running', attempts = attempts + 1 WHERE id = ?`, row.id);
    return { id: row.id, kind: row.kind, subjectId: row.subject_id, attempts: row.attempts + 1 };
  });
}

export function finishTask(db: Db, id: number): void {
  db.run(`UPDATE task_queue SET state = 'done', error = NULL, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`, id);
}

/** A failed attempt: again later, or failed for good after MAX_ATTEMPTS. */
export function failTask(db: Db, task: Task, error: string, now: Date = new Date()): void {
  const retry = new Date(now.getTime() + task.attempts * task.attempts * 60_000).toISOString();
  // A newer copy of the same task may be waiting already (the unique index allows one): then this one just fails.
  const waiting = db.get(`SELECT 1 AS x FROM task_queue WHERE kind = ? AND subject_id = ? AND state = 'queued'`, task.kind, task.subjectId);
  if (task.attempts >= MAX_ATTEMPTS || waiting) db.run(`UPDATE task_queue SET state = 'failed', error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`, error.slice(0, 1000), task.id);
  else db.run(`UPDATE task_queue SET state = 'queued', error = ?, run_after = ? WHERE id = ?`, error.slice(0, 1000), retry, task.id);
}

/** Tasks a crash or restart cut off are queued again (called at start, before the worker runs). */
export function requeueInterrupted(db: Db): number {
  return db.tx(() => {
    const running = db.all<{ id: number; kind: string; subject_id: number }>(`SELECT id, kind, subject_id FROM task_queue WHERE state = 'running'`);
    for (const r of running) {
      const waiting = db.get(`SELECT 1 AS x FROM task_queue WHERE kind = ? AND subject_id = ? AND state = 'queued'`, r.kind, r.subject_id);
      db.run(`UPDATE task_queue SET state = ? WHERE id = ?`, waiting ? 'failed' : 'queued', r.id);
    }
    return running.length;
  });
}

/** Finished tasks older than a week are dropped. */
export function pruneTasks(db: Db, now: Date = new Date()): void {
  db.run(`DELETE FROM task_queue WHERE state IN ('done','failed') AND finished_at < ?`, new Date(now.getTime() - 7 * 864e5).toISOString());
}

/** How many tasks of a kind wait or run (a benchmark waits for zero). */
export function pendingTasks(db: Db, kind: string): number {
  return db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM task_queue WHERE kind = ? AND state IN ('queued','running')`, kind)!.n;
}

export type TaskHandler = (app: App, subjectId: number) => Promise<void>;
const handlers = new Map<string, TaskHandler>();

/** A domain says what a kind of task does (e.g. catalogue/print-pictures.ts); the worker then runs with the server's others. */
export function handleTasks(kind: string, handler: TaskHandler): void {
  handlers.set(kind, handler);
  if (!periodicTasks.includes(taskWorker)) periodicTasks.push(taskWorker);
}

let started = false;

/** The periodic worker: runs due tasks one after another until none is due. */
export const taskWorker: PeriodicTask = {
  name: 'background tasks',
  everyMs: 2000,
  run: async (app) => {
    if (!started) {
      // One server process per data directory (data-lock.ts): what is running now was cut off.
      started = true;
      requeueInterrupted(app.db);
      pruneTasks(app.db);
    }
    for (;;) {
      const task = claimTask(app.db, [...handlers.keys()]);
      if (!task) return;
      try {
        await handlers.get(task.kind)!(app, task.subjectId);
        finishTask(app.db, task.id);
      } catch (err) {
        failTask(app.db, task, (err as Error).message);
      }
    }
  },
};
