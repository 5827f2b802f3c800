/**
 * Print-size pictures made ahead of printing: when an organiser accepts a work, entries/review.ts
 * queues a task (platform/tasks/task-queue.ts) in the same transaction, and the server's worker runs
 * this handler in the background: every page of the work at the size and quality each catalogue
 * edition places it (A4 and A5, print and screen), each page decoded once. Printing then finds
 * them in the cache (images.ts) instead of making them while Chromium waits.
 *
 * Importing this module registers the handler (scripts/serve.ts does).
 */
import { EDITIONS, FORMATS, geometry, PRINT_PICTURES_TASK } from '#src/artworks/print-size.ts';
import { getEntry } from '#src/entries/entry-store.ts';
import { isVisible } from '#src/entries/visibility.ts';
import type { App } from '#src/platform/app.ts';
import { enqueueTask, handleTasks } from '#src/platform/tasks/task-queue.ts';
import { periodicTasks } from '#src/platform/workers.ts';
import { getEntriesByIds } from '#src/entries/entry-store.ts';
import { visibleSql } from '#src/entries/visibility.ts';
import type { Db } from '#src/platform/db.ts';
import { workImages } from './book.ts';
import { catalogueImageKey, makeCatalogueImages, removeCatalogueImages } from './images.ts';
import type { Storage } from '#src/platform/storage/index.ts';

/** Every picture the catalogue editions will ask for, by page: width and JPEG quality. */
export function printSizes(entry: Parameters<typeof workImages>[0]): Map<number, { width: number; quality: number }[]> {
  const byPage = new Map<number, { width: number; quality: number }[]>();
  for (const format of FORMATS) {
    for (const edition of EDITIONS) {
      const g = geometry(format, edition);
      for (const img of workImages(entry, g)) byPage.set(img.pageNo, [...(byPage.get(img.pageNo) ?? []), { width: img.pixelWidth, quality: g.jpegQuality }]);
    }
  }
  return byPage;
}

/** The task: a work that may be printed gets its pictures; any other has nothing to do. */
export async function makePrintPictures(app: App, entryId: number): Promise<number> {
  const entry = await getEntry(app.db, entryId);
  if (!entry || !isVisible('printable', entry)) return 0;
  let made = 0;
  for (const [pageNo, sizes] of printSizes(entry)) {
    const page = entry.pages.find((p) => p.pageNo === pageNo)!;
    made += await makeCatalogueImages(app.storage, entry, pageNo, page.width, sizes);
  }
  // Erased meanwhile (erase deletes the row before the files): nothing made here may stay.
  if (!(await getEntry(app.db, entryId))) await removeCatalogueImages(app.storage, entryId);
  return made;
}

/**
 * Works that may be printed but whose A4 print pictures are missing (accepted before this existed,
 * a guardian who confirmed later, a redacted master) are queued too. Returns how many.
 */
export async function queueMissingPrintPictures(db: Db, storage: Storage): Promise<number> {
  const ids = (await db.all<{ id: number }>(`SELECT id FROM entries WHERE ${visibleSql('printable')}`)).map((r) => r.id);
  const g = geometry('a4', 'print');
  let queued = 0;
  for (let i = 0; i < ids.length; i += 200) {
    for (const entry of await getEntriesByIds(db, ids.slice(i, i + 200))) {
      let missing = false;
      for (const img of workImages(entry, g)) {
        if (!(await storage.exists(catalogueImageKey(entry, img.pageNo, Math.min(img.pixelWidth, img.masterWidth), g.jpegQuality)))) missing = true;
        if (missing) break;
      }
      if (missing) (await enqueueTask(db, PRINT_PICTURES_TASK, entry.id), queued++);
    }
  }
  return queued;
}

handleTasks(PRINT_PICTURES_TASK, async (app, id) => void (await makePrintPictures(app, id)));

// Hourly, and not in a process's first ten minutes (a site that just started has other work).
periodicTasks.push({
  name: 'print pictures catch-up',
  everyMs: 60 * 60 * 1000,
  run: async (app) => {
    if (process.uptime() > 600) await queueMissingPrintPictures(app.db, app.storage);
  },
});
