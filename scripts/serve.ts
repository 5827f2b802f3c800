/**
 * Starts the site: validates the configuration, builds when needed, prepares the data directory
 * (migrations, demo edition, organiser account) and then serves the built Astro app behind the
 * HTTP guards (request ids, JSON request logs, slow-body cut-off).
 *
 * Logs are one JSON object per line on stdout, without personal data.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild, ROOT } from './build.ts';
import { ConfigError, loadConfig } from '#src/platform/config.ts';
import { bootstrap } from '#src/operations/bootstrap.ts';
import { useApp } from '#src/platform/app.ts';
import { DEFAULT_GUARD, guardServer, jsonLog } from '#src/platform/http/guard.ts';
import { startWorkers } from '#src/platform/workers.ts';
import '#src/tour/reminders.ts';
import '#src/backoffice/notifications.ts';

const log = (msg: string) => jsonLog({ level: 'info', msg });

process.on('uncaughtException', (err) => {
  jsonLog({ level: 'fatal', msg: 'uncaught exception', error: err.message, stack: err.stack?.split('\n').slice(0, 5) });
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  jsonLog({ level: 'error', msg: 'unhandled rejection', error: err instanceof Error ? err.message : String(err) });
});

async function main(): Promise<void> {
  const config = loadConfig();
  if (!process.argv.includes('--no-build')) ensureBuild(log);
  const app = await bootstrap(config, log);
  // The built site and the background work (mail queue, periodic tasks) share this app: one
  // connection to SQLite, one pool to PostgreSQL, one client of the bucket.
  useApp(app);
  startWorkers(app, log);
  process.env.DATA_DIR = config.dataDir;
  process.env.HOST = config.HOST;
  process.env.PORT = String(config.PORT);
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  process.env.ASTRO_NODE_LOGGING = 'disabled';
  const entry = await import(pathToFileURL(join(ROOT, 'dist', 'server', 'entry.mjs')).href);
  const { server } = entry.startServer() as { server: { server: Server } };
  guardServer(server.server, { ...DEFAULT_GUARD, windowMs: config.SLOW_BODY_SECONDS * 1000, trustedProxies: config.trustedProxies, log: jsonLog });
  server.server.once('listening', () => log(`site ready at http://${config.HOST}:${config.PORT}/`));
  server.server.once('error', (err) => {
    jsonLog({ level: 'fatal', msg: `could not listen on ${config.HOST}:${config.PORT}: ${err.message}` });
    process.exit(1);
  });
  const stop = () => server.server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else jsonLog({ level: 'fatal', msg: `could not start: ${(err as Error).message}` });
  process.exit(1);
});
