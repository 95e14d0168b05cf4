// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Dependency direction (docs/architecture.md "Which way dependencies point"). */
const serviceBans = {
  paths: [
    { name: 'express', message: 'services never import express: HTTP lives in src/http' },
    { name: 'ws', message: 'services never import ws: the hub lives in src/ws' },
    { name: 'better-sqlite3', message: 'SQL drivers live in src/adapters' },
    { name: 'pg', message: 'SQL drivers live in src/adapters' },
    { name: 'node:fs', message: 'file I/O goes through a port (ObjectStorage, ScratchSpace, FolderWatcher)' },
    { name: 'node:fs/promises', message: 'file I/O goes through a port' },
    { name: 'fs', message: 'file I/O goes through a port' },
    { name: 'node:child_process', message: 'processes go through the MediaTools port' },
    { name: 'child_process', message: 'processes go through the MediaTools port' },
  ],
  patterns: [
    { group: ['**/adapters/**', '**/http/**', '**/ws/**', '**/jobs/**'], message: 'services depend on ports only' },
  ],
};

// mos-gateway layering (ARCHITECTURE.md: transport → session → framing → codec): codec and framing
// neither log nor touch sockets or files; only transport/ imports node:net.
const mosGatewayLayers = [
  {
    files: ['mos-gateway/src/codec/**/*.ts', 'mos-gateway/src/framing/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['node:net', 'net', 'node:fs', 'fs', 'node:fs/promises', 'pino'].map((name) => ({ name, message: 'codec and framing are pure: no I/O, no logging' })),
        patterns: [{ group: ['**/session/**', '**/transport/**', '**/sync/**', 'platform-api', '**/platform-api/**'], message: 'codec and framing depend on nothing above them' }],
      }],
    },
  },
  {
    files: ['mos-gateway/src/session/**/*.ts', 'mos-gateway/src/sync/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['node:net', 'net'].map((name) => ({ name, message: 'sockets live in mos-gateway/src/transport' })),
        patterns: [{ group: ['**/transport/**', 'platform-api', '**/platform-api/**'], message: 'session and sync do not reach into transport or platform-api' }],
      }],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', '**/node_modules/**', 'data/**', '**/dist/**', 'coverage/**', '**/.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['platform-api/src/services/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', serviceBans],
      'no-restricted-globals': ['error', { name: 'process', message: 'config is read in src/config.ts only' }],
    },
  },
  {
    files: ['platform-api/src/ports/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/adapters/**', '**/services/**', '**/http/**'], message: 'ports depend on nothing but shared' }] }] },
  },
  {
    files: ['platform-api/src/**/*.ts'],
    ignores: ['platform-api/src/config.ts', 'platform-api/src/main.ts', 'platform-api/src/migration/cli.ts', 'platform-api/src/mcp/stdio-cli.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read config through loadConfig (src/config.ts)' }] },
  },
  {
    // Adapters depend on ports, shared, the neutral rules (src/rules) and adapters/common only: no engine imports
    // another (postgres/ never reaches into sqlite/), no adapter imports a service or the edge. The one exception is
    // ../ffmpeg/: the tool adapters (tesseract, pocketsphinx, whisper.cpp, openai-compatible) drive ffmpeg to decode.
    files: ['platform-api/src/adapters/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^\\.\\./\\.\\./(services|http|ws|jobs|composition|migration|config|main|platform)(/|$)', message: 'adapters depend on ports, shared, src/rules and adapters/common only' },
        { regex: '^\\.\\./(?!common/|ffmpeg/|\\.\\./)[^/]+/', message: 'one adapter never imports another: move engine-neutral code to adapters/common or src/rules' },
      ] }],
    },
  },
  {
    files: ['platform-api/src/rules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^\\.\\./(services|adapters|http|ws|jobs|composition|migration|config|main|platform)(/|$)', message: 'rules are engine-neutral: they import ports and shared only' },
        { group: ['better-sqlite3', 'pg', 'express', 'ws', 'node:fs', 'node:fs/promises', 'node:child_process'], message: 'rules do no I/O' },
      ] }],
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    // testing/ holds Node-only helpers for tests and benches (@cutaway/shared/testing); no bundle imports it.
    ignores: ['**/*.test.ts', '**/test-server.ts', 'shared/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'platform-api', 'platform-api/*', 'mos-gateway*', 'frameio-bridge*', 'premiere-panel*', 'photoshop-plugin*'], message: 'shared runs in UXP too and imports nothing else of the suite' }] },
      ],
    },
  },
  {
    files: ['premiere-panel/**/*.{ts,tsx}', 'photoshop-plugin/**/*.{ts,tsx}', 'mos-gateway/**/*.ts', 'frameio-bridge/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['platform-api', 'platform-api/*', '**/platform-api/**'], message: 'talk to platform-api through @cutaway/shared/client' }] }] },
  },
  {
    // UIs run in browsers, UXP and CEP: DOM globals, never Node's.
    files: ['shared/src/ui/**/*.{ts,tsx}', 'premiere-panel/src/**/*.{ts,tsx}', 'photoshop-plugin/src/**/*.{ts,tsx}', 'platform-api/web/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // ExtendScript is an ES3 engine: `var`, no let/const/arrows (adobe.md §2); it defines globals on purpose.
    files: ['premiere-panel/src/host/cep/jsx/**/*.ts'],
    rules: { 'no-var': 'off', 'prefer-const': 'off', '@typescript-eslint/no-unused-vars': 'off', 'no-prototype-builtins': 'off' },
  },
  {
    files: ['**/main.ts', '**/bench/**/*.ts', 'scripts/**', '**/test/**/*.ts', '**/build-*.mjs'],
    rules: { 'no-console': 'off' },
  },
  ...mosGatewayLayers,
);
