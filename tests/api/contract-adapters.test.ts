/**
 * One contract suite, run against both front doors a renderer can use: the desktop app's IPC
 * adapter (guard + invoke, as main.ts wires it) and the web host's HTTP adapter. Both must give
 * the same results and the same errors for the same calls.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webProtocol, type Result } from '../../electron/api/index.ts';
import { APP_ORIGIN, guardIpcCall } from '../../electron/main/ipc-guard.ts';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';

/** A front door reduced to what the renderer's transports see: a name and an input in, a Result out. */
type Adapter = (name: string, input: unknown) => Promise<Result<unknown>>;

let host: WebHost;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'confidant-contract-'));
  host = await startWebHost({ dataDir: path.join(dir, 'data'), rendererDir: dir, log: () => {} });
});
afterAll(async () => {
  await host?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ipcAdapter: Adapter = (name, input) => guardIpcCall(host.core, { url: `${APP_ORIGIN}/index.html`, isTopFrame: true }, { name, input });

const httpAdapter: Adapter = async (name, input) => {
  const res = await fetch(`${host.origin}${webProtocol.callPath}${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  return (await res.json()) as Result<unknown>;
};

// Each row: a call as a renderer could make it, and what it must give through any door.
const contractCases: { what: string; name: string; input: unknown; expect: (r: Result<unknown>) => void }[] = [
  {
    what: 'status.get answers with the data directory',
    name: 'status.get',
    input: {},
    expect: (r) => expect(r).toMatchObject({ ok: true, value: { dataDir: path.join(dir, 'data'), schemaVersion: expect.any(Number) } }),
  },
  {
    // A missing input is an empty one on both doors.
    what: 'status.get without input',
    name: 'status.get',
    input: undefined,
    expect: (r) => expect(r.ok).toBe(true),
  },
  {
    what: 'an unknown field is refused by the schema',
    name: 'status.get',
    input: { verbose: true },
    expect: (r) => expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [expect.stringMatching(/verbose/)] } }),
  },
  {
    what: 'an input of the wrong type is refused',
    name: 'status.get',
    input: [1, 2, 3],
    expect: (r) => expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [expect.stringMatching(/^\(root\): /)] } }),
  },
  {
    what: 'an unknown call is not found',
    name: 'journal.readEverything',
    input: {},
    expect: (r) => expect(r).toEqual({ ok: false, error: { code: 'not_found', message: 'Unknown call "journal.readEverything".' } }),
  },
  {
    // Object.prototype names must not reach a handler lookup.
    what: 'a prototype name is not a call',
    name: 'constructor',
    input: {},
    expect: (r) => expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } }),
  },
];

function runContractSuite(doorName: string, adapter: () => Adapter): void {
  describe(`contract through ${doorName}`, () => {
    test.each(contractCases)('$what', async ({ name, input, expect: check }) => {
      check(await adapter()(name, input));
    });
  });
}

/** Free GPU memory moves between two calls on a machine with a GPU; nothing else may differ. */
function steady(result: Result<unknown>): unknown {
  return JSON.parse(JSON.stringify(result), (key, value: unknown) => (key === 'memoryFreeMb' ? 0 : value));
}

runContractSuite('IPC (guard + invoke)', () => ipcAdapter);
runContractSuite('HTTP (web host)', () => httpAdapter);

test('both doors give identical results for every case', async () => {
  for (const { name, input } of contractCases) {
    const [viaIpc, viaHttp] = await Promise.all([ipcAdapter(name, input), httpAdapter(name, input)]);
    expect(steady(viaHttp), `${name} ${JSON.stringify(input)}`).toEqual(steady(viaIpc));
  }
});
