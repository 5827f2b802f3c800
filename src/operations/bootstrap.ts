import { openApp, type App } from '#src/platform/app.ts';
import { clearStaging } from '#src/artworks/storage.ts';
import { acquireDataLock } from '#src/platform/data-lock.ts';
import { removeStaleUploads, removeUncommitted } from './doctor.ts';
import { ensureOrganiser } from '#src/accounts/accounts.ts';
import type { Config } from '#src/platform/config.ts';
import { createEdition, currentEdition, defaultEdition } from '#src/editions/edition.ts';
import { seedDemo } from './demo.ts';
import { seedDemoGallery } from './demo-gallery.ts';
import { seedDemoSelections } from '#src/catalogue/selection.ts';

export const DEMO_ORGANISER = { email: 'organiser@example.org', password: 'demo-organiser' } as const;

/**
 * Everything that must hold before the server answers: a writable data directory, the schema
 * migrated, no half-written uploads, the organiser account, and on an empty site the demo edition.
 */
export async function bootstrap(config: Config, log: (msg: string) => void = console.log): Promise<App> {
  const app = await openApp(config);
  // Embedded (SQLite): the first process on the data directory clears every leftover of a crash;
  // a second one (e.g. the catalogue command's own copy of the site) only clears staging old
  // enough to be dead. With PostgreSQL any number of processes share the store: no lock, and only
  // what is certainly dead goes (an hourly task does the same while they run).
  const embedded = config.database.engine === 'sqlite';
  const leftovers = embedded ? (acquireDataLock(config.dataDir) ? await removeUncommitted(app) : clearStaging(config.dataDir)) : await removeStaleUploads(app);
  if (leftovers) log(`removed ${leftovers} unfinished upload(s)`);
  // Several processes may start at once on one PostgreSQL: one seeds, the others then find it done.
  await app.db.tx(() => prepareData(app, log), { locks: ['cartoon-truth:bootstrap'] });
  return app;
}

async function prepareData(app: App, log: (msg: string) => void): Promise<void> {
  const { config } = app;
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const how = await ensureOrganiser(app.db, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    log(`organiser account ${how}`);
  }
  if (config.DEMO) {
    const seeded = await seedDemo(app, log);
    if (seeded) {
      log(`demo edition seeded with ${seeded} entries`);
      await seedDemoGallery(app, log);
      const edition = await currentEdition(app.db);
      if (edition) await seedDemoSelections(app.db, edition.id);
      if (!config.ADMIN_EMAIL) {
        await ensureOrganiser(app.db, DEMO_ORGANISER.email, DEMO_ORGANISER.password);
        log(`demo organiser: ${DEMO_ORGANISER.email} (password in README)`);
      }
    }
  }
  if (!await currentEdition(app.db)) await createEdition(app.db, defaultEdition());
}
