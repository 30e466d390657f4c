/**
 * Vite config of the Electron main process, merged by @electron-forge/plugin-vite over its own
 * defaults (CommonJS output in .vite/build/main.cjs, Electron and Node built-ins external).
 */
import { defineConfig } from 'vite';

/**
 * Native addons and packages that find their binaries on disk at run time cannot be bundled; they
 * load from node_modules (unpacked from the asar, see asarSettings in forge.config.ts).
 */
export const mainExternals = ['better-sqlite3', 'node-llama-cpp', /^@node-llama-cpp\//, 'koffi'];

export default defineConfig({
  build: {
    rollupOptions: { external: mainExternals },
    sourcemap: true,
  },
});
