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
});
