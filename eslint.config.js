import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Import directions (style.md, "Boundaries") are enforced here, not by convention.
 * ESLint keeps only the last matching block's options for a rule, so each folder gets exactly one
 * `no-restricted-imports` block that lists every restriction it needs; tests/lint/boundaries.test.ts
 * lints probe imports to prove each one still bites.
 */
const ELECTRON_PACKAGE = { name: 'electron', message: 'Only electron/main and electron/preload may import Electron (design.md).' };
const ELECTRON_SUBPATHS = { group: ['electron/*'], message: 'Only electron/main and electron/preload may import Electron (design.md).' };
const UI = { group: ['react', 'react/*', 'react-dom', 'react-dom/*', '**/renderer/**'], message: 'The core and the contract know nothing of the UI.' };
const DOORS = { group: ['**/main/**', '**/cli/**', '**/web/**', '**/preload/**'], message: 'The core is imported by the doors (main, cli, web), never the other way round.' };
const NODE_IN_CONTRACT = { group: ['node:*'], message: 'The contract is imported by the renderer: keep it free of Node.' };
const CORE_AND_DOORS_IN_CONTRACT = { group: ['**/core/**', '**/main/**', '**/cli/**', '**/web/**', '**/preload/**'], message: 'The contract is imported by the renderer: keep it free of the core and the doors.' };
const NODE_IN_RENDERER = { group: ['node:*', 'fs', 'path', 'child_process', 'better-sqlite3', 'node-llama-cpp'], message: 'The renderer never touches Node, the file system or SQLite.' };
const CORE_AND_DOORS_IN_RENDERER = { group: ['**/electron/core/**', '**/electron/main/**', '**/electron/cli/**', '**/electron/web/**', '**/electron/preload/**'], message: 'The renderer imports only electron/api.' };

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
    files: ['electron/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_PACKAGE], patterns: [ELECTRON_SUBPATHS, UI, DOORS] }] },
  },
  {
    files: ['electron/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_PACKAGE], patterns: [ELECTRON_SUBPATHS, UI, NODE_IN_CONTRACT, CORE_AND_DOORS_IN_CONTRACT] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_PACKAGE], patterns: [ELECTRON_SUBPATHS, NODE_IN_RENDERER, CORE_AND_DOORS_IN_RENDERER] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // The React Compiler checks in the recommended set flag 28 existing patterns (a ref mirrored during
      // render so a stable callback reads the latest list, setState from an effect that follows a reload).
      // Rewriting them changes when screens re-render, which needs its own change with the e2e suite;
      // rules-of-hooks and exhaustive-deps stay on as errors.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // Config files for tools (Vite, Vitest, Forge) require a default export.
    files: ['*.config.ts', '*.config.js', 'vite.*.ts', 'forge.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
