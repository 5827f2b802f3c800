import { defineConfig } from 'vitest/config';

// Three kinds of tests, one run: unit (no server), integration (the built server over HTTP),
// e2e (the built server driven in Chromium). `npm test` builds first. Integration and e2e tests
// share one PostgreSQL and one S3-compatible server for the run (tests/helpers/services.ts).
const services = ['tests/helpers/services.ts'];
/** Unit tests of the modules that talk SQL: run again on PostgreSQL, so every query works on both engines. */
const sqlUnits = ['visibility', 'organisers', 'tour-booking', 'selection', 'gallery', 'public-gallery', 'backoffice', 'mail', 'print-size', 'edition-form', 'consent-status', 'calendars', 'print-products', 'class-batches', 'originals', 'consent-forms'].map(
  (name) => `tests/unit/${name}.test.ts`,
);

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'unit-postgres',
          include: sqlUnits,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: { CT_TEST_ENGINE: 'postgres' },
          globalSetup: services,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: services,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          globalSetup: services,
        },
      },
    ],
  },
});
