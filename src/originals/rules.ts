/**
 * The rules of a physical original, with no database: where it can be, the order of hand-overs on
 * tour, what a scan names, and what is missing at a hand-over.
 *
 * Plain, erasable TypeScript only.
 */

/** Where an original is: at the office (received by post), with its set on tour, or gone home. */
export const ORIGINAL_STATES = ['office', 'packed', 'arrived', 'hung', 'taken_down', 'returned', 'archived'] as const;
export type OriginalState = (typeof ORIGINAL_STATES)[number];

/** A hand-over of a set's works, in the order they happen at every stop. */
export const HANDOVERS = ['packed', 'arrived', 'hung', 'taken_down', 'returned'] as const;
export type Handover = (typeof HANDOVERS)[number];
export const isHandover = (v: unknown): v is Handover => typeof v === 'string' && (HANDOVERS as readonly string[]).includes(v);

export const CONDITIONS = ['good', 'worn', 'damaged'] as const;
export type Condition = (typeof CONDITIONS)[number];
export const isCondition = (v: unknown): v is Condition => typeof v === 'string' && (CONDITIONS as readonly string[]).includes(v);

/** The hand-overs that may follow an original's state. `returned` ends the tour (back at the office). */
export function allowedHandovers(state: OriginalState): Handover[] {
  switch (state) {
    case 'office':
      return ['packed'];
    case 'packed':
      return ['arrived', 'returned'];
    case 'arrived':
      return ['hung', 'taken_down'];
    case 'hung':
      return ['taken_down'];
    case 'taken_down':
      // Packed again for the next stop, or back to the office.
      return ['packed', 'returned'];
    default:
      return [];
  }
}

/** The state an original is in after a hand-over; `returned` means back at the office. */
export const stateAfter = (h: Handover): OriginalState => (h === 'returned' ? 'office' : h);

/** Whether a hand-over may be recorded for an original in this state. */
export const mayHandOver = (state: OriginalState, h: Handover): boolean => allowedHandovers(state).includes(h);

/** An entry reference as printed (CT-2026-0042). */
const REFERENCE = /CT-(\d{4})-(\d{4,})/i;

/**
 * The reference a scan or a typed text names: a QR code's address (…/admin/originals?ref=CT-2026-0042),
 * what a USB scanner typed, or the reference typed by hand (spaces, lower case and a missing
 * prefix are forgiven: "2026-42", "ct 2026 0042"). Undefined when it names none.
 */
export function referenceOf(scan: string): string | undefined {
  const text = scan.trim();
  if (!text) return undefined;
  const full = REFERENCE.exec(text);
  if (full) return `CT-${full[1]}-${full[2]!.padStart(4, '0')}`;
  const loose = /^(?:ct)?[\s-]*(\d{4})[\s/-]+(\d{1,6})$/i.exec(text);
  return loose ? `CT-${loose[1]}-${loose[2]!.padStart(4, '0')}` : undefined;
}

/** An original as the tour sees it: which set it belongs to and where it is. */
export interface OriginalPlace {
  entryId: number;
  received: boolean;
  state: OriginalState;
  stopId: number | null;
}

/**
 * What is missing for a set at a stop: works of the set whose original never arrived at the office,
 * and works whose original is not where the set is (another stop, or still at the office while the
 * set is on tour).
 */
export function missingOriginals(works: OriginalPlace[], setAt: { stopId: number | null; onTour: boolean }): { notReceived: number[]; elsewhere: number[] } {
  const notReceived = works.filter((w) => !w.received).map((w) => w.entryId);
  const elsewhere = works
    .filter((w) => w.received)
    .filter((w) => (setAt.onTour ? w.stopId !== setAt.stopId || w.state === 'office' : w.state !== 'office'))
    .map((w) => w.entryId);
  return { notReceived, elsewhere };
}

/**
 * Where the originals end when the tour is over, as the edition says: returned to the schools or
 * archived. Only originals back at the office can end; undefined for the rest.
 */
export function endOfTour(state: OriginalState, after: 'return' | 'archive'): OriginalState | undefined {
  return state === 'office' ? (after === 'return' ? 'returned' : 'archived') : undefined;
}
