import { createRequire } from 'node:module';

// Not named `require`: the bundle banner (vite.main.config.ts) declares that name in every chunk.
const requireHere = createRequire(import.meta.url);
/** From package.json, so the CLI, the web host and the app report one version. */
export const APP_VERSION: string = (requireHere('../../package.json') as { version: string }).version;
