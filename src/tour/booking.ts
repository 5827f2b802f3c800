import { dict, fill, formatDayRange, isLang, type Lang } from '#src/i18n/index.ts';
import { addDays, todayInPrague, type Day } from '#src/platform/calendar-date.ts';
import type { Db } from '#src/platform/db.ts';
import { enqueueMail } from '#src/platform/mail.ts';
import { checkToken, createToken } from '#src/platform/tokens.ts';
import { countSchoolDays, forbiddenRange, freeWindows, nearestWindows, setsFreeFor, type Occupation, type Window } from './availability.ts';
import { requestFieldErrors, requestWindows, TOUR_RULES, tourRequestSchema, type DayWindow, type FieldError, type RequestStatus } from './request.ts';
import { busySets, createStop, getStop, listSets, stopConflicts, tourCalendar, TOUR_SCHEDULE_LOCK, type TourSet, type TourStop } from './tour.ts';

export * from './request.ts';

export interface TourRequest {
  id: number;
  status: RequestStatus;
  school: string;
  address: string;
  town: string;
  region: string;
  teacher: string;
  email: string;
  phone: string;
  windows: DayWindow[];
  pupils: number;
  ages: string;
  wallM: number;
  notes: string;
  lang: Lang;
  decisionMessage: string | null;
  stopId: number | null;
  offer: (DayWindow & { setId: number }) | null;
  createdAt: string;
}

interface RequestRow {
  id: number;
  status: RequestStatus;
  school: string;
  address: string;
  town: string;
  region: string;
  teacher: string;
  email: string;
  phone: string;
  windows: string;
  pupils: number;
  ages: string;
  wall_m: number;
  notes: string;
  lang: string;
  decision_message: string | null;
  stop_id: number | null;
  offer_set_id: number | null;
  offer_first: string | null;
  offer_last: string | null;
  created_at: string;
}

const toRequest = (r: RequestRow): TourRequest => ({
  id: r.id,
  status: r.status,
  school: r.school,
  address: r.address,
  town: r.town,
  region: r.region,
  teacher: r.teacher,
  email: r.email,
  phone: r.phone,
  windows: JSON.parse(r.windows) as DayWindow[],
  pupils: r.pupils,
  ages: r.ages,
  wallM: r.wall_m,
  notes: r.notes,
  lang: isLang(r.lang) ? r.lang : 'cs',
  decisionMessage: r.decision_message,
  stopId: r.stop_id,
  offer: r.offer_set_id && r.offer_first && r.offer_last ? { setId: r.offer_set_id, first: r.offer_first, last: r.offer_last } : null,
  createdAt: r.created_at,
});

export async function getRequest(db: Db, id: number): Promise<TourRequest | undefined> {
  const r = await db.get<RequestRow>('SELECT * FROM tour_requests WHERE id = ?', id);
  return r && toRequest(r);
}

export async function listRequests(db: Db, status?: RequestStatus): Promise<TourRequest[]> {
  const rows = status
    ? await db.all<RequestRow>('SELECT * FROM tour_requests WHERE status = ? ORDER BY id', status)
    : await db.all<RequestRow>('SELECT * FROM tour_requests ORDER BY id');
  return rows.map(toRequest);
}

/** Where mails' links point. */
export interface LinkBase {
  baseUrl: string;
}

const requestLink = (base: string, lang: Lang, token: string) => `${base.replace(/\/$/, '')}/${lang}/tour/request/${token}`;
const calendarName = (lang: Lang) => dict(lang).site.name;

async function mail(db: Db, to: string, lang: Lang, kind: keyof ReturnType<typeof dict>['tourMail'], values: Record<string, string | number>, extra: { attachments?: { filename: string; contentType: string; content: string }[]; dedupeKey?: string } = {}) {
  const t = dict(lang).tourMail[kind] as { subject: string; body: string };
  await enqueueMail(db, { to, subject: fill(t.subject, values), text: fill(t.body, values), ...extra });
}

const icsAttachment = (stop: TourStop, lang: Lang) => ({
  filename: 'cartoon-truth.ics',
  contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
  content: tourCalendar([stop], calendarName(lang)),
});

export type SubmitResult =
  | { ok: true; id: number; token: string }
  | { ok: false; errors: Record<string, FieldError> }
  | { ok: false; refused: true; suggestions: Window[] };

/** The earliest first day a request may ask for, and the end of the horizon shown. */
export function bookingRange(today: Day = todayInPrague()): { from: Day; to: Day } {
  return { from: addDays(today, TOUR_RULES.leadDays), to: addDays(today, TOUR_RULES.horizonDays) };
}

/**
 * Takes a teacher's request. It is stored only when at least one of its windows is free on a set
 * that fits the school's wall; otherwise it is refused with the nearest free windows. The
 * acknowledgement (without a calendar file: nothing is confirmed yet) is queued in the same
 * transaction.
 */
export async function submitRequest(db: Db, raw: unknown, lang: Lang, links: LinkBase, today: Day = todayInPrague()): Promise<SubmitResult> {
  const parsed = tourRequestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: requestFieldErrors(parsed.error) };
  const v = parsed.data;
  const windows = requestWindows(v);
  return await db.tx(async (db) => {
    const sets = (await listSets(db)).filter((s) => s.active);
    // No set on tour at all: nothing is free, whatever the school asks for.
    if (sets.length === 0) return { ok: false as const, refused: true as const, suggestions: [] };
    const fitting = sets.filter((s) => s.wallM <= v.wallM);
    if (fitting.length === 0) {
      return { ok: false as const, errors: { wallM: { key: 'wallTooShort', params: { min: Math.min(...sets.map((s) => s.wallM)) } } } };
    }
    const busy = await busySets(db);
    const anyFree = windows.some((w) => setsFreeFor(fitting, busy, w.first, w.last).length > 0);
    if (!anyFree) {
      const range = bookingRange(today);
      return {
        ok: false as const,
        refused: true as const,
        suggestions: nearestWindows(fitting, busy, windows[0]!, { ...range, minSchoolDays: TOUR_RULES.minSchoolDays, count: 3 }),
      };
    }
    const { id } = (await db.get<{ id: number }>(
      `INSERT INTO tour_requests (school, address, town, region, teacher, email, phone, windows, pupils, ages, wall_m, notes, lang)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      v.school, v.address, v.town, v.region, v.teacher, v.email, v.phone, JSON.stringify(windows), v.pupils, v.ages, v.wallM, v.notes, lang,
    ))!;
    const token = await createToken(db, 'tour-request', id, TOUR_RULES.tokenDays);
    await mail(db, v.email, lang, 'ack', {
      teacher: v.teacher,
      school: v.school,
      dates: windows.map((w) => formatDayRange(w.first, w.last, lang)).join('; '),
      link: requestLink(links.baseUrl, lang, token),
    });
    return { ok: true as const, id, token };
  });
}

export type DecisionResult =
  | { ok: true; stop?: TourStop }
  | { ok: false; reason: 'notFound' | 'notPending' | 'conflict' | 'noWindow' | 'tooLate'; conflicts?: Occupation[] };

/**
 * Turns a request into a stop. The overlap check (buffers included) and the write run in one
 * transaction under the schedule's lock (TOUR_SCHEDULE_LOCK), so of two confirmations for the same
 * days only the first succeeds, from any process; the second sees the first's stop and is refused
 * with reason 'conflict'.
 */
export async function confirmRequest(
  db: Db,
  opts: { id: number; window?: number | 'offer'; setId?: number; isPublic?: boolean; message?: string },
  links: LinkBase,
): Promise<DecisionResult> {
  return await db.tx(async (db) => {
    const req = await getRequest(db, opts.id);
    if (!req) return { ok: false as const, reason: 'notFound' as const };
    if (req.status !== 'new' && req.status !== 'waitlisted') return { ok: false as const, reason: 'notPending' as const };
    const w = opts.window === 'offer' ? req.offer : req.windows[opts.window ?? 0];
    if (!w) return { ok: false as const, reason: 'noWindow' as const };
    const offeredSet = opts.window === 'offer' && req.offer ? req.offer.setId : undefined;
    const chosen = opts.setId ?? offeredSet;
    const candidates = (await listSets(db)).filter((s) => s.active && (chosen !== undefined ? s.id === chosen : s.wallM <= req.wallM));
    let setId: number | undefined;
    let conflicts: Occupation[] = [];
    for (const s of candidates) {
      const c = await stopConflicts(db, s.id, w.first, w.last, { requestId: req.id });
      if (c.length === 0) {
        setId = s.id;
        break;
      }
      conflicts = conflicts.concat(c);
    }
    if (setId === undefined) return { ok: false as const, reason: 'conflict' as const, conflicts };
    const stop = await createStop(
      db,
      { setId, venue: req.school, address: req.address, town: req.town, region: req.region as never, firstDay: w.first, lastDay: w.last, isPublic: opts.isPublic ?? false },
      req.id,
    );
    await db.run(
      `UPDATE tour_requests SET status = 'confirmed', stop_id = ?, decision_message = ?, offer_set_id = NULL, offer_first = NULL, offer_last = NULL,
       updated_at = ct_now() WHERE id = ?`,
      stop.id, opts.message?.trim() || null, req.id,
    );
    const token = await createToken(db, 'tour-request', req.id, TOUR_RULES.tokenDays);
    await mail(
      db,
      req.email,
      req.lang,
      'confirmed',
      { teacher: req.teacher, school: req.school, dates: formatDayRange(w.first, w.last, req.lang), link: requestLink(links.baseUrl, req.lang, token), message: opts.message?.trim() ?? '' },
      { attachments: [icsAttachment(stop, req.lang)] },
    );
    return { ok: true as const, stop };
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

export async function declineRequest(db: Db, id: number, message: string, links: LinkBase): Promise<DecisionResult> {
  return await db.tx(async (db) => {
    const req = await getRequest(db, id);
    if (!req) return { ok: false as const, reason: 'notFound' as const };
    if (req.status !== 'new' && req.status !== 'waitlisted') return { ok: false as const, reason: 'notPending' as const };
    await db.run(
      `UPDATE tour_requests SET status = 'declined', decision_message = ?, offer_set_id = NULL, offer_first = NULL, offer_last = NULL,
       updated_at = ct_now() WHERE id = ?`,
      message.trim(), id,
    );
    const token = await createToken(db, 'tour-request', id, TOUR_RULES.tokenDays);
    await mail(db, req.email, req.lang, 'declined', { teacher: req.teacher, school: req.school, message: message.trim(), link: requestLink(links.baseUrl, req.lang, token) });
    if (req.offer) await offerFreedWindows(db, links);
    return { ok: true as const };
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

export async function waitlistRequest(db: Db, id: number, links: LinkBase): Promise<DecisionResult> {
  return await db.tx(async (db) => {
    const req = await getRequest(db, id);
    if (!req) return { ok: false as const, reason: 'notFound' as const };
    if (req.status !== 'new') return { ok: false as const, reason: 'notPending' as const };
    await db.run("UPDATE tour_requests SET status = 'waitlisted', updated_at = ct_now() WHERE id = ?", id);
    const token = await createToken(db, 'tour-request', id, TOUR_RULES.tokenDays);
    await mail(db, req.email, req.lang, 'waitlisted', { teacher: req.teacher, school: req.school, link: requestLink(links.baseUrl, req.lang, token) });
    return { ok: true as const };
  });
}

/**
 * Offers freed windows to waitlisted requests, oldest first. An offer holds its window (it counts
 * as busy) until the teacher accepts or cancels, so one window is never offered twice.
 */
export async function offerFreedWindows(db: Db, links: LinkBase, today: Day = todayInPrague()): Promise<number> {
  return await db.tx(async (db) => {
    let offered = 0;
    const earliest = addDays(today, TOUR_RULES.leadDays);
    for (const req of await listRequests(db, 'waitlisted')) {
      if (req.offer) continue;
      const sets = (await listSets(db)).filter((s) => s.active && s.wallM <= req.wallM);
      const busy = await busySets(db);
      for (const w of req.windows) {
        if (w.first < earliest) continue;
        const free = setsFreeFor(sets, busy, w.first, w.last);
        if (free.length === 0) continue;
        await db.run('UPDATE tour_requests SET offer_set_id = ?, offer_first = ?, offer_last = ? WHERE id = ?', free[0]!.id, w.first, w.last, req.id);
        const token = await createToken(db, 'tour-request', req.id, TOUR_RULES.tokenDays);
        await mail(db, req.email, req.lang, 'offer', {
          teacher: req.teacher,
          school: req.school,
          dates: formatDayRange(w.first, w.last, req.lang),
          link: requestLink(links.baseUrl, req.lang, token),
        });
        offered++;
        break;
      }
    }
    return offered;
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

/** Cancels a confirmed stop (its UID stays in the feed with STATUS:CANCELLED) and offers its days on. */
export async function cancelStop(db: Db, stopId: number, links: LinkBase, by: 'organiser' | 'teacher' = 'organiser'): Promise<DecisionResult> {
  return await db.tx(async (db) => {
    const stop = await getStop(db, stopId);
    if (!stop) return { ok: false as const, reason: 'notFound' as const };
    if (stop.status !== 'confirmed') return { ok: false as const, reason: 'notPending' as const };
    await db.run("UPDATE tour_stops SET status = 'cancelled', sequence = sequence + 1, updated_at = ct_now() WHERE id = ?", stopId);
    await db.run("UPDATE visit_slots SET cancelled = 1 WHERE stop_id = ?", stopId);
    const cancelled = (await getStop(db, stopId))!;
    if (stop.requestId) {
      const req = await getRequest(db, stop.requestId);
      if (req && req.status === 'confirmed') {
        await db.run("UPDATE tour_requests SET status = 'cancelled', updated_at = ct_now() WHERE id = ?", req.id);
        await mail(
          db,
          req.email,
          req.lang,
          by === 'teacher' ? 'cancelled' : 'stopCancelled',
          { teacher: req.teacher, school: req.school, dates: formatDayRange(stop.firstDay, stop.lastDay, req.lang) },
          { attachments: [icsAttachment(cancelled, req.lang)] },
        );
      }
    }
    await offerFreedWindows(db, links);
    return { ok: true as const, stop: cancelled };
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

export interface RequestAccess {
  request: TourRequest;
  stop: TourStop | undefined;
  /** The last day on which the teacher may still cancel by the link. */
  cancelUntil: Day | null;
}

export async function requestByToken(db: Db, token: unknown): Promise<RequestAccess | undefined> {
  const check = await checkToken(db, token, 'tour-request');
  if (!check.ok) return undefined;
  const request = await getRequest(db, check.subjectId);
  if (!request) return undefined;
  const stop = request.stopId ? await getStop(db, request.stopId) : undefined;
  const cancelUntil =
    request.status === 'new' || request.status === 'waitlisted'
      ? null
      : request.status === 'confirmed' && stop
        ? addDays(stop.firstDay, -TOUR_RULES.cancelDaysBefore)
        : null;
  return { request, stop, cancelUntil };
}

export function canTeacherCancel(access: RequestAccess, today: Day = todayInPrague()): boolean {
  const s = access.request.status;
  if (s === 'new' || s === 'waitlisted') return true;
  return s === 'confirmed' && access.cancelUntil !== null && today <= access.cancelUntil;
}

/** The teacher's cancel link: a pending request simply ends; a confirmed stop is cancelled until the cut-off. */
export async function cancelByTeacher(db: Db, token: unknown, links: LinkBase, today: Day = todayInPrague()): Promise<DecisionResult> {
  return await db.tx(async (db) => {
    const access = await requestByToken(db, token);
    if (!access) return { ok: false as const, reason: 'notFound' as const };
    if (!canTeacherCancel(access, today)) return { ok: false as const, reason: access.request.status === 'confirmed' ? ('tooLate' as const) : ('notPending' as const) };
    const req = access.request;
    if (req.status === 'confirmed' && req.stopId) return await cancelStop(db, req.stopId, links, 'teacher');
    await db.run(
      `UPDATE tour_requests SET status = 'cancelled', offer_set_id = NULL, offer_first = NULL, offer_last = NULL,
       updated_at = ct_now() WHERE id = ?`,
      req.id,
    );
    await mail(db, req.email, req.lang, 'cancelled', { teacher: req.teacher, school: req.school, dates: req.windows.map((w) => formatDayRange(w.first, w.last, req.lang)).join('; ') });
    if (req.offer) await offerFreedWindows(db, links, today);
    return { ok: true as const };
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

/** The teacher takes the window offered after a cancellation. */
export async function acceptOffer(db: Db, token: unknown, links: LinkBase): Promise<DecisionResult> {
  return await db.tx(async (db) => {
    const access = await requestByToken(db, token);
    if (!access) return { ok: false as const, reason: 'notFound' as const };
    if (!access.request.offer) return { ok: false as const, reason: 'noWindow' as const };
    return await confirmRequest(db, { id: access.request.id, window: 'offer' }, links);
  }, { locks: [TOUR_SCHEDULE_LOCK] });
}

export interface RequestReview {
  request: TourRequest;
  /** Per window: the sets still free for it (empty: the window is taken). */
  freeSets: number[][];
  /** Other pending requests asking for overlapping days. */
  competing: number[];
}

/** The organisers' list with conflicts worked out: taken windows and requests competing for days. */
export async function reviewRequests(db: Db, status?: RequestStatus): Promise<RequestReview[]> {
  const sets = (await listSets(db)).filter((s) => s.active);
  const busy = await busySets(db);
  const all = await listRequests(db);
  const pending = all.filter((r) => r.status === 'new' || r.status === 'waitlisted');
  const gap = sets.length ? Math.min(...sets.map((s) => s.bufferBefore + s.bufferAfter)) : 0;
  const overlaps = (a: DayWindow, b: DayWindow) => {
    const f = forbiddenRange({ id: 0, name: '', bufferBefore: gap, bufferAfter: 0, wallM: 0, active: true }, { firstDay: a.first, lastDay: a.last });
    return !(b.last < f.first || b.first > f.last);
  };
  return all
    .filter((r) => !status || r.status === status)
    .map((request) => {
      const isPending = request.status === 'new' || request.status === 'waitlisted';
      const own = busy.filter((o) => o.id !== -request.id);
      return {
        request,
        freeSets: isPending ? request.windows.map((w) => setsFreeFor(sets.filter((s) => s.wallM <= request.wallM), own, w.first, w.last).map((s) => s.id)) : [],
        competing: isPending
          ? pending.filter((o) => o.id !== request.id && o.windows.some((ow) => request.windows.some((w) => overlaps(w, ow)))).map((o) => o.id)
          : [],
      };
    });
}

export interface SetAvailability {
  set: TourSet;
  windows: (Window & { schoolDays: number })[];
}

/** Per active set, the windows still free for a stop of the minimum length, from the lead time on. */
export async function availability(db: Db, today: Day = todayInPrague()): Promise<{ from: Day; to: Day; sets: SetAvailability[] }> {
  const { from, to } = bookingRange(today);
  const busy = await busySets(db);
  const sets = (await listSets(db))
    .filter((s) => s.active)
    .map((set) => ({
      set,
      windows: freeWindows(set, busy, from, to, TOUR_RULES.minSchoolDays).map((w) => ({ ...w, schoolDays: countSchoolDays(w.first, w.last) })),
    }));
  return { from, to, sets };
}
