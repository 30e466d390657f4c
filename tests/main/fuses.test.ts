import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, test } from 'vitest';
import config, { asarSettings, fuseSettings } from '../../forge.config.ts';

describe('packaging', () => {
  test('fuses turn off the ways to run other code as Confidant', () => {
    expect(fuseSettings.version).toBe(FuseVersion.V1);
    expect(fuseSettings.strictlyRequireAllFuses).toBe(true);
    expect(fuseSettings[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuseSettings[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuseSettings[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuseSettings[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuseSettings[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuseSettings[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuseSettings[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  test('every fuse Electron knows is decided', () => {
    const numeric = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');
    for (const fuse of numeric) expect(typeof (fuseSettings as Record<number, unknown>)[fuse], FuseV1Options[fuse]).toBe('boolean');
  });

  test('the forge config uses these fuses, asar with native modules unpacked, and the five makers', () => {
    expect(config.packagerConfig?.asar).toEqual(asarSettings);
    expect(asarSettings.unpack).toContain('*.node');
    for (const pkg of ['better-sqlite3', 'node-llama-cpp', '@node-llama-cpp', 'koffi']) expect(asarSettings.unpackDir).toContain(pkg);
    const pluginNames = (config.plugins ?? []).map((p) => ('name' in p ? p.name : ''));
    expect(pluginNames).toEqual(expect.arrayContaining(['vite', 'fuses']));
    const makerNames = (config.makers ?? []).map((m) => ('name' in m ? m.name : ''));
    expect(makerNames.sort()).toEqual(['@electron-forge/maker-rpm', 'deb', 'dmg', 'squirrel', 'zip'].sort());
  });
});
