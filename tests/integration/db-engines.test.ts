import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '#src/platform/db/interface.ts';
import { openSqlite } from '#src/platform/db/sqlite.ts';
import { migratePostgres, openPostgres, statementName } from '#src/platform/db/postgres.ts';
import { createPgDatabase, engineMissing, ENGINES, tempDir, type Engine } from '../helpers/engines.ts';
import { waitFor } from '../helpers/wait.ts';

async function open(engine: Engine): Promise<Db> {
  if (engine === 'sqlite') return openSqlite(join(tempDir('engine'), 'db.sqlite'));
  const db = openPostgres({ url: await createPgDatabase('engine') });
  await migratePostgres(db);
  return db;
}

const pause = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe.each(ENGINES)('the data interface on %s', (engine) => {
  const skip = engineMissing(engine);
  const dbs: Db[] = [];
  const fresh = async () => {
    const db = await open(engine);
    dbs.push(db);
    await db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0)');
    return db;
  };
  afterAll(async () => {
    for (const db of dbs) await db.close();
  });

  it.skipIf(skip)('reads, writes and returns the same JavaScript values as the other engine', async () => {
    const db = await fresh();
    const a = await db.get<{ id: number }>('INSERT INTO t (id, name) VALUES (?, ?) RETURNING id', 1, "Ema's ?");
    expect(a).toEqual({ id: 1 });
    await db.run('INSERT INTO t (id, name, n) VALUES (?, ?, ?), (?, ?, ?)', 2, 'Jan', 5, 3, 'Eva', 7);
    // A question mark inside quotes is text, not a parameter.
    expect(await db.all("SELECT name FROM t WHERE name = 'Ema''s ?' OR id = ? ORDER BY id", 2)).toEqual([{ name: "Ema's ?" }, { name: 'Jan' }]);
    expect(await db.get('SELECT COUNT(*) AS n, SUM(n) AS s FROM t')).toEqual({ n: 3, s: 12 });
    // A comparison selected as a value is 1 or 0 on both engines.
    expect(await db.all('SELECT id, (n > 5) AS big FROM t ORDER BY id')).toEqual([{ id: 1, big: 0 }, { id: 2, big: 0 }, { id: 3, big: 1 }]);
    expect(await db.get('SELECT name FROM t WHERE id = ?', 99)).toBeUndefined();
    expect((await db.run('UPDATE t SET n = n + 1 WHERE n > ?', 0)).changes).toBe(2);
  });

  it.skipIf(skip)('a transaction commits all of its work or none of it', async () => {
    const db = await fresh();
    await expect(
      db.tx(async (tx) => {
        await tx.run('INSERT INTO t (id, name) VALUES (?, ?)', 1, 'kept?');
        await pause();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.get('SELECT COUNT(*) AS n FROM t')).toEqual({ n: 0 });
    await db.tx(async (tx) => {
      await tx.run('INSERT INTO t (id, name) VALUES (?, ?)', 1, 'a');
      await pause();
      await tx.run('INSERT INTO t (id, name) VALUES (?, ?)', 2, 'b');
    });
    expect(await db.get('SELECT COUNT(*) AS n FROM t')).toEqual({ n: 2 });
  });

  it.skipIf(skip)('calls on the outer handle from inside a transaction belong to the transaction', async () => {
    const db = await fresh();
    await expect(
      db.tx(async () => {
        await db.run('INSERT INTO t (id, name) VALUES (?, ?)', 1, 'inside');
        expect(await db.get('SELECT name FROM t WHERE id = ?', 1)).toEqual({ name: 'inside' });
        // Nested: the same transaction, not a new one.
        await db.tx(async (inner) => inner.run('INSERT INTO t (id, name) VALUES (?, ?)', 2, 'nested'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.get('SELECT COUNT(*) AS n FROM t')).toEqual({ n: 0 });
  });

  it.skipIf(skip)('transactions that re-check a value under one lock never lose an update, however many run at once', async () => {
    const db = await fresh();
    await db.run('INSERT INTO t (id, name, n) VALUES (1, ?, 0)', 'counter');
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.tx(
          async (tx) => {
            const { n } = (await tx.get<{ n: number }>('SELECT n FROM t WHERE id = 1'))!;
            await pause(2);
            await tx.run('UPDATE t SET n = ? WHERE id = 1', n + 1);
          },
          { locks: ['counter'] },
        ),
      ),
    );
    expect(await db.get('SELECT n FROM t WHERE id = 1')).toEqual({ n: 25 });
  });

  it.skipIf(skip)('a statement from elsewhere never runs inside another request\'s open transaction', async () => {
    const db = await fresh();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = db.tx(async (t) => {
      await t.run('INSERT INTO t (id, name) VALUES (1, ?)', 'in the transaction');
      await held;
      throw new Error('rolled back');
    });
    await pause(20);
    // Another request writes while the transaction is open: its row must survive the rollback.
    const outside = db.run('INSERT INTO t (id, name) VALUES (2, ?)', 'outside');
    await pause(20);
    release();
    await expect(tx).rejects.toThrow('rolled back');
    await outside;
    expect(await db.all('SELECT id, name FROM t ORDER BY id')).toEqual([{ id: 2, name: 'outside' }]);
  });
});

describe.skipIf(engineMissing('postgres'))('each process\'s copy of the public content version on PostgreSQL', () => {
  const opened: Db[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  });
  const twoProcesses = async () => {
    const url = await createPgDatabase('copy', { migrated: true });
    const [a, b] = [openPostgres({ url }), openPostgres({ url })];
    opened.push(a, b);
    return { a, b };
  };
  const read = async (db: Db) => Number((await db.get<{ v: number }>(db.dialect.publicVersion))!.v);

  it('follows a change another process commits, and is dropped by its own commits until read again', async () => {
    const { a, b } = await twoProcesses();
    await waitFor(() => a.cachedPublicVersion!() !== undefined, { intervalMs: 20, what: 'the copy to be made' });
    expect(a.cachedPublicVersion!()).toBe(await read(a));

    await b.run("INSERT INTO settings (key, value) VALUES ('copy-test', '1')");
    const raised = await read(b);
    expect(raised).toBeGreaterThan(0);
    await waitFor(() => a.cachedPublicVersion!() === raised, { intervalMs: 5, what: "the other process's change to arrive" });

    // A change the process commits itself is never answered from the old copy.
    await a.tx(async (tx) => {
      await tx.run(a.dialect.bumpPublicVersion);
      // Inside a transaction the copy is not used: the transaction reads its own view.
      expect(a.cachedPublicVersion!()).toBeUndefined();
    });
    expect(a.cachedPublicVersion!()).not.toBe(raised);
    await waitFor(() => a.cachedPublicVersion!() === raised + 1, { intervalMs: 5, what: 'the copy to be read again' });
  });

  it('is not used while its listening connection is lost, and comes back by itself', async () => {
    const { a, b } = await twoProcesses();
    await waitFor(() => a.cachedPublicVersion!() !== undefined, { intervalMs: 20, what: 'the copy to be made' });
    const v = a.cachedPublicVersion!();
    await b.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cartoon-truth:public-version' AND datname = current_database()");
    await waitFor(() => a.cachedPublicVersion!() === undefined, { intervalMs: 5, what: 'the loss to be noticed' });
    // Changed while nobody listened: the copy made again on reconnecting has it.
    await b.run(b.dialect.bumpPublicVersion);
    await waitFor(() => a.cachedPublicVersion!() === v! + 1, { intervalMs: 20, what: 'the copy to come back' });
  });
});

describe('the kept public content version on SQLite', () => {
  const opened: Db[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  });
  const read = async (db: Db) => Number((await db.get<{ v: number }>(db.dialect.publicVersion))!.v);

  it('moves with every commit, its own or another connection\'s, and is not given out inside a transaction', async () => {
    const file = join(tempDir('kept'), 'db.sqlite');
    const [a, b] = [openSqlite(file), openSqlite(file)];
    opened.push(a, b);
    const v = a.cachedPublicVersion!();
    expect(v).toBe(await read(a));
    expect(a.cachedPublicVersion!()).toBe(v);

    // Another connection (another process, a command) commits: seen at the next ask.
    await b.run("INSERT INTO settings (key, value) VALUES ('kept-test', '1')");
    expect(a.cachedPublicVersion!()).toBe(await read(b));
    expect(a.cachedPublicVersion!()).toBeGreaterThan(v!);

    // Its own writes, through run and through a statement that returns rows.
    const before = a.cachedPublicVersion!()!;
    await a.run(a.dialect.bumpPublicVersion);
    expect(a.cachedPublicVersion!()).toBe(before + 1);
    await a.get("UPDATE settings SET value = '2' WHERE key = 'kept-test' RETURNING key");
    expect(a.cachedPublicVersion!()).toBe(await read(a));
    expect(a.cachedPublicVersion!()).toBeGreaterThan(before + 1);

    const last = a.cachedPublicVersion!()!;
    await a.tx(async (tx) => {
      await tx.run(a.dialect.bumpPublicVersion);
      expect(a.cachedPublicVersion!()).toBeUndefined();
    });
    expect(a.cachedPublicVersion!()).toBe(last + 1);
  });
});

describe.skipIf(engineMissing('postgres'))('prepared statements on PostgreSQL', () => {
  it('are the data statements, one name per text; DDL, VACUUM and several statements go as they are', () => {
    const select = statementName('SELECT * FROM entries WHERE id = $1');
    expect(select).toMatch(/^ct_[\w-]{27}$/);
    expect(statementName('SELECT * FROM entries WHERE id = $1')).toBe(select);
    expect(statementName('SELECT * FROM entries WHERE id = $2')).not.toBe(select);
    for (const sql of ['  update t SET n = 1', 'WITH x AS (SELECT 1) SELECT * FROM x', 'INSERT INTO t VALUES (1)', 'DELETE FROM t']) expect(statementName(sql), sql).toBeDefined();
    for (const sql of ['CREATE TABLE z (id INTEGER)', 'VACUUM (FULL) entries', 'BEGIN', 'SELECT 1; SELECT 2', 'ALTER TABLE t ADD COLUMN y TEXT']) expect(statementName(sql), sql).toBeUndefined();
  });

  it('survive a migration that changes the columns under them: the connection is dropped and the statement runs again', async () => {
    const url = await createPgDatabase('prepared');
    const [a, b] = [openPostgres({ url, max: 3 }), openPostgres({ url })];
    try {
      await a.run('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
      await a.run("INSERT INTO t VALUES (1, 'Ema'), (2, 'Jan')");
      // Prepared on every connection of the pool.
      const all = () => Promise.all([1, 2, 1].map((id) => a.get<Record<string, unknown>>('SELECT * FROM t WHERE id = ?', id)));
      expect(await all()).toEqual([{ id: 1, name: 'Ema' }, { id: 2, name: 'Jan' }, { id: 1, name: 'Ema' }]);
      // Another process (an upgrade) adds a column.
      await b.run("ALTER TABLE t ADD COLUMN town TEXT NOT NULL DEFAULT 'Brno'");
      expect(await all()).toEqual([{ id: 1, name: 'Ema', town: 'Brno' }, { id: 2, name: 'Jan', town: 'Brno' }, { id: 1, name: 'Ema', town: 'Brno' }]);
      expect(await all(), 'prepared again on new connections').toEqual([{ id: 1, name: 'Ema', town: 'Brno' }, { id: 2, name: 'Jan', town: 'Brno' }, { id: 1, name: 'Ema', town: 'Brno' }]);
      // Inside a transaction the same statement (on a fresh connection) works as well.
      expect(await a.tx((tx) => tx.get('SELECT * FROM t WHERE id = ?', 2))).toEqual({ id: 2, name: 'Jan', town: 'Brno' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
