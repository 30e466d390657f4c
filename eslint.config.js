import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import directions (style.md, "Boundaries") are enforced here, not by convention. */
export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vite/', 'renderer/dist/', '.venv/', 'trainer/', 'test-results/', '.cache/', '.whl/', '.gl/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', setImmediate: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description', 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'electron/core and electron/api stay Electron-free (design.md).' }],
        patterns: [{ group: ['react', 'react-dom', 'react/*', '**/renderer/**'], message: 'The core knows nothing of the UI.' }],
      }],
    },
  },
  {
    files: ['electron/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The contract is shared with the renderer: no Electron.' }],
        patterns: [{ group: ['node:*', '**/core/**', '**/main/**', '**/cli/**', '**/web/**'], message: 'The contract is imported by the renderer: keep it free of Node and the core.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks only through the API contract.' }],
        patterns: [
          { group: ['node:*', 'fs', 'path', 'child_process', 'better-sqlite3', 'node-llama-cpp'], message: 'The renderer never touches Node, the file system or SQLite.' },
          { group: ['**/electron/core/**', '**/electron/main/**', '**/electron/cli/**', '**/electron/web/**', '**/electron/preload/**'], message: 'The renderer imports only electron/api.' },
        ],
      }],
    },
  },
  {
    // Config files for tools (Vite, Vitest, Forge) require a default export.
    files: ['*.config.ts', '*.config.js', 'vite.*.ts', 'forge.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
