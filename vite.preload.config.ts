/**
 * Vite config of the preload script, merged by @electron-forge/plugin-vite over its own defaults
 * (one CommonJS file, .vite/build/preload.cjs). A sandboxed preload can require only `electron`,
 * so everything else it imports is bundled into that one file.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: { sourcemap: true },
});
