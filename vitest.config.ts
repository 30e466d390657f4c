import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Native modules (better-sqlite3, node-llama-cpp) are safest in forked processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
