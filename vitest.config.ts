import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*/src/**/*.test.ts', '*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Media tests spawn ffmpeg; on 2 cores more parallel files only queue up behind each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
