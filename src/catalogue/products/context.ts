/**
 * What every print route and report starts from: the edition asked for (by year, else the current
 * one) and the address its QR codes point at (BASE_URL, else the address the route was opened at,
 * which printing then refuses unless forced).
 *
 * Plain, erasable TypeScript only.
 */
import type { Db } from '#src/platform/db.ts';
import { currentEdition, listEditions, type Edition } from '#src/editions/edition.ts';
import { qrBaseProblem, type QrBaseProblem } from '../qr.ts';

export async function printEdition(db: Db, year?: number): Promise<Edition | undefined> {
  return year ? (await listEditions(db)).find((e) => e.year === year) : await currentEdition(db);
}

export interface QrBase {
  base: string;
  /** Why printed codes would lead nowhere, when they would. */
  problem?: QrBaseProblem;
}

export function qrBaseFor(baseUrl: string | undefined, origin: string): QrBase {
  const problem = qrBaseProblem(baseUrl);
  return { base: (baseUrl ?? origin).replace(/\/+$/, ''), ...(problem ? { problem } : {}) };
}
