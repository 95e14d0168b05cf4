import { defineConfig } from 'vitest/config';
import { nodeVersionProblem } from './platform-api/src/node-version';

// `npx vitest` on an older Node would segfault in the SQLite suites (better-sqlite3 13): say what to do instead.
const tooOld = nodeVersionProblem(process.versions.node);
if (tooOld) throw new Error(`${tooOld} (npm test uses it automatically; for npx: PATH="$PWD/.node/bin:$PATH" npx vitest …)`);

export default defineConfig({
  test: {
    include: ['*/src/**/*.test.ts', '*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    // Media tests run real ffmpeg; on the shared CI machine (load 20-30 on 2 cores) single still-image steps took over 30 s.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Media tests spawn ffmpeg; on 2 cores more parallel files only queue up behind each other.
    maxWorkers: 2,
    // expect.poll waits for a condition (a screen updating after a server round trip); vitest's default bound
    // of 1 s is less than a busy 2-core CI machine sometimes takes. The bound only matters when a test fails.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    reporters: ['default'],
  },
});
