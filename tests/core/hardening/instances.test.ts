import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instancesDir, otherLiveInstances } from '../../../electron/core/instances.ts';
import { processStartTime } from '../../../electron/core/process-identity.ts';
import { tempDir } from '../../helpers/tmp.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A real, live process that is not a Confidant: what a reused pid looks like. */
function liveStranger(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error('could not start a child process');
  return child.pid;
}

function register(root: string, pid: number, processStart: string): string {
  fs.mkdirSync(instancesDir(root), { recursive: true });
  const file = path.join(instancesDir(root), `${pid}.json`);
  fs.writeFileSync(file, JSON.stringify({ pid, kind: 'cli', startedAt: '2026-12-01T08:00:00.000Z', processStart }));
  return file;
}

describe('the registry of running Confidants', () => {
  it('counts a registered process that still runs as the same process', () => {
    const root = tempDir();
    const pid = liveStranger();
    register(root, pid, processStartTime(pid));
    expect(otherLiveInstances(root).map((info) => info.pid)).toEqual([pid]);
  });

  it.runIf(fs.existsSync('/proc/self/stat'))('does not take a pid reused by another program for the Confidant that registered it, and removes the stale registration', () => {
    const root = tempDir();
    const pid = liveStranger();
    // The registration was written by an earlier process with this pid, started at another time.
    const file = register(root, pid, '1');
    expect(otherLiveInstances(root)).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
  });
});
