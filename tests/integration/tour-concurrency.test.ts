import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import { openDb, type Db } from '#src/platform/db.ts';
import { endAfterSchoolDays, isoWeekday, isSchoolDay } from '#src/tour/availability.ts';
import { submitRequest } from '#src/tour/booking.ts';
import { createSlot } from '#src/tour/visits.ts';
import { createSet, createStop } from '#src/tour/tour.ts';
import { signIn, startSite, type Site } from '../helpers/site.ts';
import { createPgDatabase, engineMissing, ENGINES } from '../helpers/engines.ts';
import { openPostgres } from '#src/platform/db/postgres.ts';

/** A Monday some weeks ahead, beyond the booking lead time. */
function monday(weeks: number): string {
  let d = addDays(todayInPrague(), 7 * weeks);
  while (isoWeekday(d) !== 1 || !isSchoolDay(d)) d = addDays(d, 1);
  return d;
}

const request = (i: number, first: string) => ({
  school: `ZŠ číslo ${i}`,
  address: `Školní ${i}`,
  town: 'Jihlava',
  region: 'VYS',
  teacher: `Učitel ${i}`,
  email: `teacher${i}@school.test`,
  phone: '+420 601 234 567',
  // Every request overlaps every other: same set, windows starting on one of five school days in a row.
  first1: endAfterSchoolDays(first, (i % 5) + 1),
  last1: addDays(endAfterSchoolDays(first, (i % 5) + 1), 11),
  pupils: '25',
  ages: '12–15',
  wallM: '20',
});

describe.each(ENGINES)('concurrent confirmations and bookings over HTTP (%s)', (engine) => {
  let site: Site;
  let cookie = '';
  const post = (path: string, body: Record<string, string>, withCookie = false) =>
    fetch(`${site.base}${path}`, {
      method: 'POST',
      body: new URLSearchParams(body),
      headers: { Origin: site.base, ...(withCookie ? { cookie } : {}) },
      redirect: 'manual',
    });
  const one = async <T>(sql: string, ...params: (string | number)[]) => (await (await site.db()).get<T>(sql, ...params))!;

  beforeAll(async () => {
    if (engineMissing(engine)) return;
    site = await startSite({ engine });
    cookie = await signIn(site);
    const set = await post('/_actions/tourSaveSet', { name: 'A', panels: '20', wallM: '15', bufferBefore: '2', bufferAfter: '2', active: 'on' }, true);
    expect(set.status).toBe(200);
  });
  afterAll(() => site?.stop());

  it.skipIf(engineMissing(engine))('50 organisers confirming 50 overlapping requests at once make exactly one stop; the rest are refused as conflicts', async () => {
    const first = monday(8);
    for (let i = 0; i < 50; i++) {
      const r = await post('/en/tour/book?_action=requestTour', { lang: 'en', ...request(i, first) });
      // Post/redirect/get: the request's own page.
      expect([r.status, r.headers.get('location')]).toEqual([303, expect.stringMatching(/^\/en\/tour\/request\/[\w-]+\?sent=1$/)]);
    }
    const ids = (await (await site.db()).all<{ id: number }>('SELECT id FROM tour_requests ORDER BY id')).map((r) => r.id);
    expect(ids).toHaveLength(50);
    const answers = await Promise.all(ids.map((id) => post('/_actions/tourConfirm', { id: String(id) }, true).then(async (r) => ({ status: r.status, body: await r.text() }))));
    expect(answers.map((a) => a.status), answers.find((a) => a.status !== 200)?.body).toEqual(Array(50).fill(200));
    const won = answers.filter((a) => !a.body.includes('conflict'));
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.body.includes('conflict'))).toHaveLength(49);
    expect(await one("SELECT COUNT(*) AS n FROM tour_stops WHERE status = 'confirmed'")).toEqual({ n: 1 });
    expect(await one("SELECT COUNT(*) AS n FROM tour_requests WHERE status = 'confirmed'")).toEqual({ n: 1 });
  });

  it.skipIf(engineMissing(engine))('40 classes booking a 30-pupil slot at once never get more than 30 places', async () => {
    const first = monday(20);
    const stop = await post('/_actions/tourSaveStop', { venue: 'Muzeum Vysočiny', town: 'Jihlava', region: 'VYS', firstDay: first, lastDay: addDays(first, 11), isPublic: 'on' }, true);
    expect(stop.status).toBe(200);
    const stopId = (await one<{ id: number }>("SELECT id FROM tour_stops WHERE venue = 'Muzeum Vysočiny'")).id;
    const slot = await post('/_actions/tourAddSlot', { stopId: String(stopId), day: addDays(first, 1), startTime: '10:00', minutes: '60', capacity: '30' }, true);
    expect(slot.status).toBe(200);
    const slotId = (await one<{ id: number }>('SELECT id FROM visit_slots WHERE stop_id = ?', stopId)).id;
    const sizes = Array.from({ length: 40 }, (_, i) => 1 + (i % 4));
    const answers = await Promise.all(
      sizes.map((pupils, i) =>
        post('/_actions/bookVisit', { lang: 'cs', slotId: String(slotId), school: `ZŠ ${i}`, teacher: `T ${i}`, email: `t${i}@school.test`, pupils: String(pupils) }).then((r) => r.text()),
      ),
    );
    const booked = await one<{ n: number; c: number }>("SELECT COALESCE(SUM(pupils), 0) AS n, COUNT(*) AS c FROM visit_bookings WHERE slot_id = ? AND status = 'booked'", slotId);
    expect(booked.n).toBeLessThanOrEqual(30);
    expect(booked.n).toBeGreaterThanOrEqual(27); // places only stay empty when no waiting class fits them
    expect(answers.filter((a) => a.includes('full')).length).toBe(40 - booked.c);
  });
});

describe.each(ENGINES)('concurrent confirmations and bookings from separate database connections (%s)', (engine) => {
  const LINKS = { baseUrl: 'http://race.test' };
  type Target = { file: string } | { url: string };
  const fresh = async (): Promise<{ db: Db; target: Target }> => {
    if (engine === 'sqlite') {
      const file = join(mkdtempSync(join(tmpdir(), 'ct-race-')), 'db.sqlite');
      return { db: openDb(file), target: { file } };
    }
    const url = await createPgDatabase('race', { migrated: true });
    return { db: openPostgres({ url }), target: { url } };
  };
  const reopen = (target: Target): Db => ('file' in target ? openDb(target.file) : openPostgres({ url: target.url }));

  async function race(target: Target, kind: 'confirm' | 'book', jobs: object[], workers = 10) {
    const start = new SharedArrayBuffer(8);
    const flag = new Int32Array(start);
    const chunks = Array.from({ length: workers }, (_, w) => jobs.filter((_, i) => i % workers === w));
    const done = chunks.map(
      (chunk) =>
        new Promise<{ ok: boolean; reason?: string }[]>((resolve, reject) => {
          const worker = new Worker(new URL('../helpers/tour-race-worker.ts', import.meta.url), { workerData: { target, start, kind, jobs: chunk } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    );
    // Everyone at the starting line, then go.
    while (Atomics.load(flag, 1) < workers) await new Promise((r) => setTimeout(r, 10));
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    return (await Promise.all(done)).flat();
  }

  it.skipIf(engineMissing(engine))('exactly one of 50 overlapping confirmations wins across 10 connections', async () => {
    const { db, target } = await fresh();
    await createSet(db, { name: 'A', wallM: 15 });
    const first = monday(8);
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await submitRequest(db, request(i, first), 'cs', LINKS);
      if (!r.ok) throw new Error('request refused');
      ids.push(r.id);
    }
    await db.close();
    const results = await race(target, 'confirm', ids.map((requestId) => ({ requestId })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.reason)).toEqual(Array(49).fill('conflict'));
    const check = reopen(target);
    expect(await check.get("SELECT COUNT(*) AS n FROM tour_stops WHERE status = 'confirmed'")).toEqual({ n: 1 });
    await check.close();
  });

  it.skipIf(engineMissing(engine))('40 bookings into a 30-pupil slot across 8 connections never pass 30', async () => {
    const { db, target } = await fresh();
    const first = monday(8);
    const stop = await createStop(db, { venue: 'Muzeum', town: 'Brno', region: 'JHM', firstDay: first, lastDay: addDays(first, 9) });
    const slot = await createSlot(db, stop.id, { day: addDays(first, 2), startTime: '10:00', capacity: 30 });
    if (!slot.ok) throw new Error('slot');
    await db.close();
    const jobs = Array.from({ length: 40 }, (_, i) => ({
      booking: { slotId: String(slot.slot.id), school: `ZŠ ${i}`, teacher: `T ${i}`, email: `t${i}@school.test`, pupils: String(1 + (i % 4)) },
    }));
    const results = await race(target, 'book', jobs, 8);
    expect(results.every((r) => r.ok || r.reason === 'full'), JSON.stringify(results)).toBe(true);
    const check = reopen(target);
    const { n } = (await check.get<{ n: number }>("SELECT SUM(pupils) AS n FROM visit_bookings WHERE status = 'booked'"))!;
    await check.close();
    expect(n).toBeLessThanOrEqual(30);
    expect(results.filter((r) => r.ok).length).toBeGreaterThan(0);
  });
});
