export { openCore, type Core, type OpenCoreOptions } from './core.ts';
export { resolveDataDir, dataPaths, type DataPaths } from './paths.ts';
export type { CoreContext } from './context.ts';
export { startBackgroundWork } from './background.ts';
