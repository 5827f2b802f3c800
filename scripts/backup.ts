/**
 * npm run backup -- --out DIR      consistent online backup of the data directory (site may run)
 * npm run restore -- --from DIR    restore a backup into an empty DATA_DIR (site stopped)
 */
import { openApp } from '#src/platform/app.ts';
import { backupData, restoreData } from '#src/operations/backup.ts';
import { ConfigError, loadConfig } from '#src/platform/config.ts';

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
    restoreData(from, config.dataDir, log);
  } else {
    const out = arg('--out');
    if (!out) throw new Error('use: npm run backup -- --out DIR');
    const app = openApp(config);
    const started = Date.now();
    const m = await backupData(app, out, log);
    app.db.close();
    log(`${m.entries} entries, ${m.files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s → ${out}`);
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `[backup] failed: ${(err as Error).message}`);
  process.exit(1);
}
