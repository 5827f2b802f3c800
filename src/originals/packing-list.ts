/**
 * A packing list: the originals an exhibition set carries (to a stop, when one is named), each with
 * a small picture, its reference and QR code for scanning at the hand-over, the public credit (no
 * more), size and condition, and the wall the set needs.
 *
 * Plain, erasable TypeScript only.
 */
import type { Lang } from '#src/i18n/config.ts';
import type { Db } from '#src/platform/db.ts';
import type { Storage } from '#src/platform/storage/index.ts';
import { thumbnailDataUri } from '#src/artworks/storage.ts';
import { getSet, getStop, type TourSet, type TourStop } from '#src/tour/tour.ts';
import { qrSvg } from '#src/catalogue/qr.ts';
import { setWorks, wallNeeded, type SetWork } from './on-tour.ts';
import { deskUrl } from './back-labels.ts';
import type { Condition } from './rules.ts';

export interface PackedWork {
  entryId: number;
  reference: string;
  credit: string;
  qr: string;
  /** A small picture as a data URI (the gallery's smallest WebP), when the work has one. */
  thumb?: string;
  size?: string;
  condition: Condition | null;
}

export interface PackingList {
  set: TourSet;
  stop?: TourStop;
  works: PackedWork[];
  wall: { metres: number; unknown: number };
}

export async function packingList(db: Db, storage: Storage, editionId: number, setId: number, stopId: number | undefined, lang: Lang, qrBase: string): Promise<PackingList | undefined> {
  const set = await getSet(db, setId);
  const stop = stopId ? await getStop(db, stopId) : undefined;
  if (!set || (stopId && (!stop || stop.setId !== setId))) return undefined;
  const works = await setWorks(db, editionId, setId, lang);
  const packed = await Promise.all(
    works.map(async (w) => {
      const thumb = await thumbnailDataUri(storage, w.entryId, w.entry.pages[0]);
      return {
        entryId: w.entryId,
        reference: w.reference,
        credit: w.credit,
        qr: await qrSvg(deskUrl(qrBase, w.reference)),
        condition: w.condition,
        ...(thumb ? { thumb } : {}),
        ...(w.widthMm && w.heightMm ? { size: `${w.widthMm} × ${w.heightMm} mm` } : {}),
      };
    }),
  );
  return { set, ...(stop ? { stop } : {}), works: packed, wall: wallNeeded(works) };
}
