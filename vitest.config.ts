import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Worker threads start and load modules faster than child processes.
    pool: 'threads',
    // Vitest's default leaves one core free: on CI's two cores that ran the files one at a time (95 s; all cores: 67 s).
    maxWorkers: availableParallelism(),
  },
});
