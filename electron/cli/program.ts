import { Command, CommanderError } from 'commander';
import { ConfidantError } from '../api/errors.ts';
import { APP_VERSION } from '../core/version.ts';
import { createSession, type CliSession } from './session.ts';
import { registerStatus } from './commands/status.ts';
import { registerPrivacy } from './commands/privacy.ts';
import { registerChat } from './commands/chat.ts';
import { registerLibrary } from './commands/library.ts';
import { registerDataset } from './commands/dataset.ts';
import { registerTraining } from './commands/training.ts';

export type SessionFactory = () => CliSession;

/** Exit codes: 0 success, 1 failure, 2 usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * `confidant`: the same core as the app, for terminals and headless GPU machines.
 * Each domain registers its verbs from `commands/`.
 */
export function buildProgram(getSession: SessionFactory): Command {
  const program = new Command('confidant')
    .description('Private, offline fine-tuning on your own journals')
    .version(APP_VERSION)
    .option('--data-dir <dir>', 'data directory (default: $CONFIDANT_DATA_DIR or the OS application-data folder)')
    .option('--json', 'machine-readable output', false)
    .showHelpAfterError()
    .exitOverride();
  registerStatus(program, getSession);
  registerPrivacy(program, getSession);
  registerChat(program, getSession);
  registerLibrary(program, getSession);
  registerDataset(program, getSession);
  registerTraining(program, getSession);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  let session: CliSession | undefined;
  const program = buildProgram(() => {
    const opts = program.opts<{ dataDir?: string; json: boolean }>();
    session ??= createSession({ dataDir: opts.dataDir, json: opts.json });
    return session;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const json = program.opts<{ json?: boolean }>().json === true;
    const payload = error instanceof ConfidantError
      ? error.toPayload()
      : { code: 'internal', message: `Unexpected error: ${(error as Error)?.message ?? String(error)}` };
    if (!(error instanceof ConfidantError)) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    if (json) process.stdout.write(`${JSON.stringify({ error: payload }, null, 2)}\n`);
    else process.stderr.write(`Error: ${payload.message}\n`);
    return payload.code === 'invalid_input' ? EXIT.usage : EXIT.failure;
  } finally {
    await session?.close();
  }
}
