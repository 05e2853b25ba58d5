import { defineConfig } from 'vitest/config';

/**
 * Four projects: unit tests beside the code (pure, fast), integration tests against the database engines
 * (PGlite always; PostgreSQL too when TEST_DATABASE_URL is set), the reliability suites (load, faults, hostile input)
 * and browser tests (Chromium via playwright-core).
 */
export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: process.env.AIKOM_JUNIT ?? '.cache/test-results/junit.xml' },
    projects: [
      {
        test: {
          name: 'unit',
          // Unit tests first, then the database suites: projects with different worker counts need distinct groups.
          sequence: { groupOrder: 0 },
          include: ['packages/*/src/**/*.test.{ts,tsx}', 'tools/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.rel.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: [
            'packages/*/src/**/*.int.test.ts',
            'packages/*/test/**/*.int.test.ts',
            'tools/src/**/*.int.test.ts',
          ],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file opens its own databases; two cores.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        test: {
          // Load, faults and hostile input (`npm run test:reliability`; short in CI, full by AIKOM_RELIABILITY=full).
          name: 'reliability',
          sequence: { groupOrder: 3 },
          include: ['packages/*/test/reliability/**/*.rel.test.ts', 'tools/src/**/*.rel.test.ts'],
          environment: 'node',
          testTimeout: 3_600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['packages/web/test/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
