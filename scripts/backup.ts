/**
 * npm run backup -- --out DIR [--link-dest PREVIOUS | --full]
 *     consistent online backup of the database and the artworks (the site may run): SQLite's backup
 *     API or pg_dump, pictures from the data directory or the bucket; unchanged artworks are
 *     hard-linked from the latest backup beside DIR (or PREVIOUS), --full copies everything
 * npm run restore -- --from DIR
 *     restore a backup into an empty DATA_DIR, or an empty PostgreSQL database and bucket (site stopped)
 */
import { closeApp, openApp } from '#src/platform/app.ts';
import { backupData, restoreData } from '#src/operations/backup.ts';
import { ConfigError, loadConfig } from '#src/platform/config.ts';
import { formatBytes } from '#src/platform/progress.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const log = (msg: string) => console.log(`[backup] ${msg}`);

try {
  const config = loadConfig();
  if (process.argv.includes('--restore')) {
    const from = arg('--from');
    if (!from) throw new Error('use: npm run restore -- --from DIR');
    const started = performance.now();
    await restoreData(from, config, log);
    log(`restore took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    const out = arg('--out');
    if (!out) throw new Error('use: npm run backup -- --out DIR [--link-dest PREVIOUS | --full]');
    const app = await openApp(config);
    const s = await backupData(app, out, { previous: process.argv.includes('--full') ? false : arg('--link-dest'), log });
    await closeApp(app);
    const m = s.manifest;
    log(
      `${m.entries} entries, ${m.files.length} files, ${formatBytes(s.totalBytes)}: copied ${s.copiedFiles} files (${formatBytes(s.copiedBytes)}), ` +
        `linked ${s.linkedFiles} unchanged, in ${s.seconds.toFixed(1)} s → ${out}`,
    );
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `[backup] failed: ${(err as Error).message}`);
  process.exit(1);
}
