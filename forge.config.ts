/**
 * Packaging of the desktop app: `npm run package` / `npm run make` (Electron Forge).
 * The Vite plugin builds main, preload and the renderer; the fuses turn off the Electron features
 * an attacker with local access could use to run code as Confidant (tests/main/fuses.test.ts).
 */
import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerDMG } from '@electron-forge/maker-dmg';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

/** Every fuse is set on purpose (strictlyRequireAllFuses): a new Electron fuse fails the build until decided. */
export const fuseSettings = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // An ad-hoc signed arm64 macOS build must be re-signed after the fuses change, or it will not start.
  resetAdHocDarwinSignature: process.platform === 'darwin' && process.arch === 'arm64',
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS=--require=... and --inspect would inject code into the process holding the journals.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Only the shipped, integrity-checked app.asar runs: a replaced or edited bundle is refused.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer comes from app://, so file:// needs none of its old extra powers.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
} satisfies FuseV1Config;

/** Native code cannot be loaded from inside an asar: these stay as real files next to it. */
export const asarSettings = {
  unpack: '**/{*.node,*.so,*.so.*,*.dylib,*.dll,*.metal,*.exe}',
  unpackDir: '**/node_modules/{better-sqlite3,node-llama-cpp,@node-llama-cpp,koffi,re2}',
};

/** Main and preload are bundled into .vite; packages kept external there ship from node_modules. */
function isIgnoredWhenPackaging(file: string): boolean {
  if (file === '' || file === '/package.json') return false;
  return !(file.startsWith('/.vite') || file.startsWith('/node_modules'));
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Confidant',
    executableName: 'confidant-app',
    appBundleId: 'app.confidant.desktop',
    asar: asarSettings,
    ignore: isIgnoredWhenPackaging,
    // The Python trainer runs from the app's resources folder (electron/core/training finds it there).
    extraResource: ['trainer'],
  },
  rebuildConfig: {},
  makers: [
    new MakerSquirrel({ name: 'confidant' }),
    new MakerZIP({}, ['darwin', 'linux', 'win32']),
    new MakerDMG({}),
    new MakerDeb({ options: { name: 'confidant', productName: 'Confidant', categories: ['Office', 'Utility'] } }),
    // maker-rpm has no 8.x release yet; named by package so Forge resolves it at make time.
    { name: '@electron-forge/maker-rpm', platforms: ['linux'], config: { options: { name: 'confidant', productName: 'Confidant', categories: ['Office', 'Utility'] } } },
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin(fuseSettings),
  ],
};

export default config;
