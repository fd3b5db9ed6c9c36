import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Functional tests start servers and drop connections: one file at a time, generous bounds.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default', 'json'],
    outputFile: { json: process.env.GAMESTATE_VITEST_JSON ?? 'test-results/vitest.json' },
  },
});
