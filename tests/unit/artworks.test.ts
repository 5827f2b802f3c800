import { existsSync, mkdirSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearStaging, DERIVATIVE_NAME, tmpDir } from '#src/artworks/storage.ts';

describe('artwork files', () => {
  it('start-up clears stale half-finished uploads but not ones in progress', () => {
    const data = mkdtempSync(join(tmpdir(), 'ct-art-'));
    const stale = join(tmpDir(data), 'upload-old');
    const fresh = join(tmpDir(data), 'upload-new');
    mkdirSync(stale, { recursive: true });
    mkdirSync(fresh, { recursive: true });
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(stale, hourAgo, hourAgo);
    expect(clearStaging(data)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('only derivative names can ever be served, never the master', () => {
    expect(DERIVATIVE_NAME.test('p1-480.avif')).toBe(true);
    expect(DERIVATIVE_NAME.test('p12-1600.webp')).toBe(true);
    expect(DERIVATIVE_NAME.test('p1.jpg')).toBe(false);
    expect(DERIVATIVE_NAME.test('../p1-480.avif')).toBe(false);
    expect(DERIVATIVE_NAME.test('p1-480.avif.jpg')).toBe(false);
  });
});
