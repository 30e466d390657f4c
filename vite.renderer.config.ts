import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * The renderer bundle (`npm run build:renderer`), served by the Electron app protocol and by the
 * web host alike. `base: './'` keeps asset URLs relative so both origins work.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The desktop CSP allows scripts, styles, images and fonts only from the app itself:
    // no `data:` URIs from inlined assets, no inline scripts.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
});
