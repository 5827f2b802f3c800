import { describe, expect, it } from 'vitest';
import { formatBytes, progress } from '#src/platform/progress.ts';
import { removeExpiredSessions } from '#src/platform/session-driver.ts';
import { openDb } from '#src/platform/db.ts';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, s: { isTTY, columns: 80, write: (x: string) => written.push(x) } as unknown as NodeJS.WriteStream };
}

describe('progress of long commands', () => {
  it('updates one line on a terminal and clears it at the end', () => {
    const t = stream(true);
    const bar = progress('backup', t.s);
    bar.update(3, 3, 'entry 7');
    bar.end();
    expect(t.written[0]).toContain('backup: 3/3 100 % · entry 7');
    expect(t.written[0]!.startsWith('\r')).toBe(true);
    expect(t.written.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes nothing when the output goes to a log', () => {
    const t = stream(false);
    const bar = progress('backup', t.s);
    bar.update(1, 10);
    bar.end();
    expect(t.written).toEqual([]);
  });

  it('states sizes as people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5_100_000_000)).toBe('5.1 GB');
    expect(formatBytes(96_000_000)).toBe('96 MB');
  });
});

describe('sessions', () => {
  it('expired sessions are removed, live ones stay', async () => {
    const db = openDb(':memory:');
    const now = Date.now();
    await db.run('INSERT INTO sessions (key, value, expires_at) VALUES (?, ?, ?), (?, ?, ?)', 'old', '{}', now - 1, 'live', '{}', now + 60_000);
    expect(await removeExpiredSessions(db, now)).toBe(1);
    expect((await db.all<{ key: string }>('SELECT key FROM sessions')).map((r) => r.key)).toEqual(['live']);
  });
});
