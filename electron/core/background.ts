import type { Core } from './core.ts';

/**
 * What a long-lived front door (the desktop app, the web host) starts with the core: following the
 * person's folders as files change, and reattaching to a training run that outlived the last session.
 * The CLI does not call this: each of its commands is short, and `index --watch` asks for watching.
 */
export async function startBackgroundWork(core: Core): Promise<void> {
  const watching = await core.invoke('library.setWatching', { enabled: true });
  if (!watching.ok) core.context.events.emit('app.notice', { level: 'warning', message: `Watching your folders failed: ${watching.error.message}` });
  // Listing runs reconciles them: a live trainer is followed again, a dead one marked interrupted.
  const runs = await core.invoke('training.listRuns', {});
  if (!runs.ok) core.context.events.emit('app.notice', { level: 'warning', message: `Could not check earlier training runs: ${runs.error.message}` });
}
