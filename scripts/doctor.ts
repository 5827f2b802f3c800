/**
 * npm run doctor [-- --repair]
 * Checks the data directory against the database and, with --repair, fixes what is safe to fix.
 * Exits 1 when problems remain. Safe to run while the site serves (read-only without --repair).
 */
import { openApp } from '#src/platform/app.ts';
import { ConfigError, loadConfig } from '#src/platform/config.ts';
import { lockHolder } from '#src/platform/data-lock.ts';
import { formatReport, runDoctor } from '#src/operations/doctor.ts';
import { progress } from '#src/platform/progress.ts';

const repair = process.argv.includes('--repair');
try {
  const config = loadConfig();
  const app = await openApp(config);
  const holder = lockHolder(config.dataDir);
  // With a live server (always possible on PostgreSQL: no process holds a lock there), give
  // in-flight uploads two minutes before calling their files orphans.
  const shared = app.db.engine === 'postgres';
  const bar = progress('doctor: checking entries');
  const report = await runDoctor(app, { repair, minAgeMs: holder || shared ? 120_000 : 0, onProgress: (done, total) => bar.update(done, total) });
  bar.end();
  const where = shared ? `PostgreSQL${app.storage.kind === 's3' ? ' and the bucket' : ''}` : config.dataDir;
  console.log(`doctor: ${where}${holder ? ` (site running, pid ${holder})` : shared ? ' (uploads younger than 2 minutes left alone)' : ''}`);
  console.log(formatReport(report, repair));
  await app.db.close();
  process.exit(report.remaining > 0 ? 1 : 0);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `doctor failed: ${(err as Error).message}`);
  process.exit(2);
}
