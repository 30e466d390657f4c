import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** From package.json, so the CLI, the web host and the app report one version. */
export const APP_VERSION: string = (require('../../package.json') as { version: string }).version;
