import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#src/platform/config.ts';

describe('configuration from the environment', () => {
  it('fills defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.PORT).toBe(4321);
    expect(c.DEMO).toBe(true);
    expect(c.dataDir.endsWith('submissions')).toBe(true);
  });

  it('reads HOST, PORT, DATA_DIR and DEMO=0', () => {
    const c = loadConfig({ HOST: '0.0.0.0', PORT: '8080', DATA_DIR: '/tmp/x', DEMO: '0' });
    expect(c).toMatchObject({ HOST: '0.0.0.0', PORT: 8080, dataDir: '/tmp/x', DEMO: false });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DEMO', { DEMO: 'maybe' }],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'a@b.cz', ADMIN_PASSWORD: 'short' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'a@b.cz' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
    ['BASE_URL', { BASE_URL: 'ftp://x' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://u:p@db/ct' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://u:p@db.example.org' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['STORAGE_URL', { STORAGE_URL: 's3://?endpoint=http://127.0.0.1:9000' }],
    ['STORAGE_URL', { STORAGE_URL: 'https://bucket.example.org' }],
    ['STORAGE_URL', { STORAGE_URL: 's3://artworks?endpoint=ftp://x' }],
    ['STORAGE_URL', { STORAGE_URL: 's3://artworks?endpont=http://x' }],
    ['AWS_SECRET_ACCESS_KEY', { STORAGE_URL: 's3://artworks', AWS_ACCESS_KEY_ID: 'AKID' }],
    ['MEDIA_FROM', { MEDIA_FROM: 'bucket' }],
    ['MEDIA_FROM', { MEDIA_FROM: 'cdn', STORAGE_URL: 's3://artworks' }],
  ])('a bad %s stops start-up with a message naming it', (variable, env) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toContain(variable);
    expect((error as Error).message).toContain(variable);
  });

  it('never puts the admin password into an error message', () => {
    try {
      loadConfig({ ADMIN_EMAIL: 'nope', ADMIN_PASSWORD: 'Secret-Password-123' });
    } catch (e) {
      expect((e as Error).message).not.toContain('Secret-Password-123');
    }
  });

  it('says in one line what is wrong with a bad value, never with a stack trace', () => {
    for (const env of [{ STORAGE_URL: 's3://?endpoint=http://127.0.0.1:9000' }, { DATABASE_URL: 'postgres://u:p@db.example.org' }]) {
      let message = '';
      try {
        loadConfig(env);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/^Invalid configuration: (STORAGE_URL: no bucket|DATABASE_URL: no database name)/);
    }
  });

  it('never repeats the database password in an error', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://ct:Very-Secret-Pw@db.example.org/ct' });
    } catch (e) {
      expect((e as Error).message).not.toContain('Very-Secret-Pw');
    }
  });

  it('runs on SQLite and files without DATABASE_URL and STORAGE_URL, on PostgreSQL and a bucket with them', () => {
    expect(loadConfig({})).toMatchObject({ database: { engine: 'sqlite' }, storage: { kind: 'files' }, MEDIA_FROM: 'origin' });
    const c = loadConfig({
      DATABASE_URL: 'postgres://ct:pw@127.0.0.1:5432/ct',
      STORAGE_URL: 's3://ct-artworks?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-central-1&forcePathStyle=true',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      MEDIA_FROM: 'bucket',
    });
    expect(c.database).toEqual({ engine: 'postgres', url: 'postgres://ct:pw@127.0.0.1:5432/ct' });
    expect(c.storage).toEqual({
      kind: 's3',
      bucket: 'ct-artworks',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-central-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    });
    // AWS itself: no endpoint, virtual-host addressing, the SDK's own credentials.
    expect(loadConfig({ STORAGE_URL: 's3://ct-artworks?region=eu-west-1' }).storage).toEqual({ kind: 's3', bucket: 'ct-artworks', region: 'eu-west-1', forcePathStyle: false });
  });
});
