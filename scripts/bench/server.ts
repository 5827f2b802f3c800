import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../build.ts';
import { freePort } from '../net.ts';

export interface BenchServer {
  base: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * The built site on a free loopback port over `dataDir`, started the way `npm start` runs it
 * (MALLOC_ARENA_MAX=2), for the benchmarks. Resolves once /healthz answers. `root` may be another
 * checkout (built), to measure an earlier commit beside this one.
 */
export async function startBenchServer(dataDir: string, env: Record<string, string> = {}, root = ROOT): Promise<BenchServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'scripts/serve.ts'), '--no-build'], {
    cwd: root,
    env: { ...process.env, MALLOC_ARENA_MAX: '2', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, DEMO: '0', BASE_URL: base, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('the site exited');
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not yet listening
    }
    if (i > 600) throw new Error('the site did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
