import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Storage, StoredObject } from './index.ts';

/** Objects as files under the data directory: key `artworks/12/p1.jpg` is `DATA_DIR/artworks/12/p1.jpg`. */
export function openFileStorage(root: string): Storage {
  const pathOf = (key: string) => {
    if (key.split('/').some((part) => part === '..' || part === '')) throw new Error(`not a storage key: ${key}`);
    return join(root, ...key.split('/'));
  };
  const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR';
  let tmpCounter = 0;

  async function walk(dir: string, out: StoredObject[]): Promise<void> {
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (missing(err)) return;
      throw err;
    }
    for (const d of names) {
      const path = join(dir, d.name);
      if (d.isDirectory()) await walk(path, out);
      else if (d.isFile() && !d.name.endsWith('.tmp')) {
        const st = await stat(path).catch(() => undefined);
        if (st) out.push({ key: relative(root, path).split(sep).join('/'), bytes: st.size, modifiedMs: st.mtimeMs });
      }
    }
  }

  return {
    kind: 'files',
    read: async (key) => {
      try {
        return await readFile(pathOf(key));
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
    },
    readStream: async (key) => {
      try {
        const st = await stat(pathOf(key));
        return { body: Readable.toWeb(createReadStream(pathOf(key))) as ReadableStream<Uint8Array>, bytes: st.size };
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
    },
    write: async (key, data) => {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Under a temporary name first, so a reader never sees half a file.
      const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
      await writeFile(tmp, data);
      await rename(tmp, path);
    },
    exists: async (key) => {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch {
        return false;
      }
    },
    list: async (prefix) => {
      // The folder the prefix names (or lies in), then only keys that really start with it.
      const folder = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix.slice(0, Math.max(0, prefix.lastIndexOf('/')));
      const out: StoredObject[] = [];
      await walk(folder ? pathOf(folder) : root, out);
      return out.filter((o) => o.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
    },
    remove: async (key) => {
      await rm(pathOf(key), { force: true });
    },
    removePrefix: async (prefix) => {
      if (prefix.endsWith('/')) {
        const out: StoredObject[] = [];
        await walk(pathOf(prefix.slice(0, -1)), out);
        await rm(pathOf(prefix.slice(0, -1)), { recursive: true, force: true });
        return out.length;
      }
      const folder = prefix.slice(0, Math.max(0, prefix.lastIndexOf('/')));
      const out: StoredObject[] = [];
      await walk(folder ? pathOf(folder) : root, out);
      const gone = out.filter((o) => o.key.startsWith(prefix));
      for (const o of gone) await rm(pathOf(o.key), { force: true });
      return gone.length;
    },
    signedUrl: () => undefined,
    check: async () => {
      await stat(root);
    },
    close: () => {},
  };
}
