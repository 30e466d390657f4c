/**
 * Which Confidant processes use this data directory right now: the app, the CLI and the web host
 * may share it. Each registers `<data>/instances/<pid>.json` while open, so a locked database can
 * name the process holding it, and the temp area is only swept when no other one is running.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isSameProcessAlive, processStartTime } from './process-identity.ts';

export interface InstanceInfo {
  pid: number;
  /** The front door, e.g. `cli`, `web`, `app`: never arguments, which may name private files. */
  kind: string;
  startedAt: string;
  /** The kernel's start time of the process, so a pid reused by another program is not taken for it. */
  processStart: string;
}

export function instancesDir(root: string): string {
  return path.join(root, 'instances');
}

/** Registers this process; the returned function removes the registration again. */
export function registerInstance(root: string, kind: string): () => void {
  const dir = instancesDir(root);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${process.pid}.json`);
  const info: InstanceInfo = { pid: process.pid, kind, startedAt: new Date().toISOString(), processStart: processStartTime(process.pid) };
  fs.writeFileSync(file, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  return () => fs.rmSync(file, { force: true });
}

/** Live Confidant processes other than this one; registrations of dead processes are removed. */
export function otherLiveInstances(root: string): InstanceInfo[] {
  const dir = instancesDir(root);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const live: InstanceInfo[] = [];
  for (const name of names) {
    const pid = Number(name.replace(/\.json$/, ''));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    const file = path.join(dir, name);
    const info = readInstance(file, pid);
    if (!isSameProcessAlive(pid, info.processStart)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    live.push(info);
  }
  return live;
}

/** A registration that cannot be read still names its pid; liveness then rests on the pid alone. */
function readInstance(file: string, pid: number): InstanceInfo {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<InstanceInfo>;
    return {
      pid,
      kind: typeof parsed.kind === 'string' ? parsed.kind : 'unknown',
      startedAt: String(parsed.startedAt ?? ''),
      processStart: typeof parsed.processStart === 'string' ? parsed.processStart : 'unknown',
    };
  } catch {
    return { pid, kind: 'unknown', startedAt: '', processStart: 'unknown' };
  }
}

export function describeInstance(info: InstanceInfo): string {
  const since = info.startedAt ? `, running since ${info.startedAt.replace('T', ' ').slice(0, 19)} UTC` : '';
  return `process ${info.pid} (Confidant ${info.kind}${since})`;
}
