/**
 * Starts the site: validates the configuration, builds when needed, prepares the data directory
 * (migrations, demo edition, organiser account) and then serves the built Astro app.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild, ROOT } from './build.ts';
import { ConfigError, loadConfig } from '../src/lib/config.ts';
import { bootstrap } from '../src/lib/bootstrap.ts';
import { startWorkers } from '../src/lib/workers.ts';
import '../src/lib/tour-reminders.ts';

const log = (msg: string) => console.log(`[cartoon-truth] ${msg}`);

async function main(): Promise<void> {
  const config = loadConfig();
  if (!process.argv.includes('--no-build')) ensureBuild(log);
  const app = await bootstrap(config, log);
  // The mail queue and periodic tasks run here, on their own connection to the same database.
  startWorkers(app, log);
  process.env.DATA_DIR = config.dataDir;
  process.env.HOST = config.HOST;
  process.env.PORT = String(config.PORT);
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const server = await import(pathToFileURL(join(ROOT, 'dist', 'server', 'entry.mjs')).href);
  server.startServer();
  log(`site ready at http://${config.HOST}:${config.PORT}/`);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`[cartoon-truth] could not start: ${(err as Error).message}`);
  process.exit(1);
});
