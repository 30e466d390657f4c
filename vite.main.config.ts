/**
 * Vite config of the Electron main process, merged by @electron-forge/plugin-vite over its own
 * defaults (Electron and Node built-ins external, output in .vite/build).
 *
 * Built as Vite's server-side (`ssr`) bundle in ES module form (.vite/build/main.js, package.json
 * "main"), not Forge's default CommonJS library build: node-llama-cpp is ESM with top-level await,
 * which `require` cannot load; the core finds its files through import.meta, which a CommonJS
 * bundle blanks out; and a library build would inline `new URL('./file', import.meta.url)` targets
 * as data: URLs that are not files.
 */
import { defineConfig } from 'vite';

/**
 * Native addons and packages that find their binaries on disk at run time cannot be bundled; they
 * load from node_modules (unpacked from the asar, see asarSettings in forge.config.ts).
 */
export const mainExternals = ['better-sqlite3', 'node-llama-cpp', /^@node-llama-cpp\//, 'koffi', 're2'];

/**
 * The main process, and the child processes it starts for native work that may abort() (each its own
 * entry beside main.js, found by electron/core/child-worker.ts).
 */
export const mainEntries = {
  main: 'electron/main/main.ts',
  'quantize-worker': 'electron/core/models/quantize-worker.ts',
  'gpu-probe-worker': 'electron/core/chat/gpu-probe-worker.ts',
};

export default defineConfig({
  build: {
    ssr: true,
    lib: false,
    rollupOptions: {
      input: mainEntries,
      external: mainExternals,
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        // Bundled CommonJS dependencies still call require() for Node built-ins; ESM has none of its own.
        banner: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
      },
    },
    sourcemap: true,
  },
  // Everything else is bundled, so the packaged app does not depend on the layout of node_modules.
  ssr: { noExternal: true },
});
