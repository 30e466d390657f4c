import type { Command } from 'commander';
import type { StatusInfo } from '../../api/calls/status.ts';
import type { SessionFactory } from '../program.ts';

export function registerStatus(program: Command, session: SessionFactory): void {
  program
    .command('status')
    .description('Show the data directory, database schema, trainer environment, GPUs and chat backend')
    .action(async () => {
      const s = session();
      const status = await s.client().call('status.get', {});
      s.print(status, () => formatStatus(status));
    });
}

export function formatStatus(status: StatusInfo): string {
  const gpus = status.gpus.length > 0
    ? status.gpus.map((g) => `${g.name} (${Math.round(g.memoryFreeMb / 1024)} of ${Math.round(g.memoryTotalMb / 1024)} GiB free, driver ${g.driverVersion})`).join('\n             ')
    : status.gpuDetail;
  return [
    `Confidant ${status.version}`,
    `Data:        ${status.dataDir}`,
    `Database:    ${status.databasePath} (schema ${status.schemaVersion})`,
    `Trainer:     ${status.trainer.state} - ${status.trainer.detail}`,
    `GPUs:        ${gpus}`,
    `Chat:        ${status.chatBackend.detail}`,
  ].join('\n');
}
