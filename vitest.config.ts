import { defineConfig } from 'vitest/config'

// Two projects: fast unit tests, and integration tests that start real servers (docker-registry,
// gitlab-ci-local, skopeo) and run the built bundles. The machine has 2 cores: keep workers low.
export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
