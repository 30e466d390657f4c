import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../electron/core/core.ts';
import { openAppLog } from '../../../electron/core/logs.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { insertEntries } from '../dataset/fixtures.ts';

describe("Confidant's log", () => {
  it('exists from the start, and an unexpected error points at it without writing the entry text into it', async () => {
    const dataDir = path.join(tempDir('confidant-log-'), 'data');
    const core = openCore({ dataDir, logError: () => undefined });
    const logFile = path.join(dataDir, 'logs', 'confidant.log');
    try {
      expect(fs.existsSync(logFile)).toBe(true);
      const [id] = insertEntries(core.context.db, '/home/me/journal', [{ key: 'a.md', text: 'An ordinary day.' }]);
      // A damaged metadata column whose broken JSON holds the person's words: JSON.parse echoes it.
      core.context.db.prepare('UPDATE entry SET metadata = ? WHERE id = ?').run('{"mood": "I told Marguerite about the diagnosis', id);
      const result = await core.invoke('library.getEntry', { id });
      expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(!result.ok && result.error.message).toContain(logFile);
      const log = fs.readFileSync(logFile, 'utf8');
      expect(log).toContain('Unexpected error in library.getEntry');
      expect(log).toContain('SyntaxError');
      expect(log).not.toContain('Marguerite');
      expect(log).not.toContain('diagnosis');
    } finally {
      await core.close();
    }
  });

  it('rotates at its size limit and keeps three old files', () => {
    const dir = tempDir('confidant-log-');
    const log = openAppLog(dir, { maxBytes: 200, keep: 3 });
    for (let i = 0; i < 40; i++) log.write('info', `line ${i} of the rotation test, long enough to fill the file`);
    expect(fs.readdirSync(dir).sort()).toEqual(['confidant.log', 'confidant.log.1', 'confidant.log.2', 'confidant.log.3']);
    expect(fs.statSync(path.join(dir, 'confidant.log')).size).toBeLessThan(400);
    expect(fs.readFileSync(path.join(dir, 'confidant.log'), 'utf8')).toContain('line 39');
  });
});
