import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const coreDir = path.resolve(import.meta.dirname, '../../electron/core');

/** `import ... from 'electron'`, `import('electron/main')`, `require("electron")`, `export ... from 'electron'`. */
const electronImport = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]electron(?:\/[^'"]*)?['"]/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(c|m)?[jt]sx?$/.test(entry.name) ? [full] : [];
  });
}

test('the pattern recognises every way of importing electron', () => {
  for (const line of [
    "import { app } from 'electron';",
    'import type { WebContents } from "electron";',
    "import 'electron';",
    "const { ipcMain } = require('electron');",
    "await import('electron/main');",
    "export { shell } from 'electron';",
  ]) {
    expect(electronImport.test(line), line).toBe(true);
  }
  for (const line of ["import { x } from './electron-free.ts';", "import { z } from 'zod'; // not electron", "const name = 'electron';"]) {
    expect(electronImport.test(line), line).toBe(false);
  }
});

test('no file under electron/core imports electron', () => {
  const files = sourceFiles(coreDir);
  // A scan that finds nothing proves nothing.
  expect(files.length).toBeGreaterThan(10);
  const offenders = files.filter((file) => electronImport.test(fs.readFileSync(file, 'utf8'))).map((file) => path.relative(coreDir, file));
  expect(offenders).toEqual([]);
});
