/**
 * The gate every IPC message passes before the core sees it: it must come from a top-level frame
 * of Confidant's own pages (the `app://confidant` protocol, or the Vite dev server while
 * developing), and it must be `{ name, input }`. Kept free of Electron so it is tested in Node.
 */
import { z } from 'zod';
import { formatIssues, type Result } from '../api/errors.ts';

/** The scheme and host the packaged renderer is served from (protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'confidant';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const IpcCallMessage = z
  .object({
    name: z.string().min(1).max(200),
    input: z.unknown(),
  })
  .strict();

/** What main knows about the frame that sent a message (from `event.senderFrame`). */
export interface IpcSender {
  url: string;
  isTopFrame: boolean;
}

/** The part of Electron's IpcMainInvokeEvent the guard needs (a frame is null once it is gone). */
export interface IpcEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export function senderOf(event: IpcEventLike): IpcSender | null {
  const frame = event.senderFrame;
  return frame ? { url: frame.url, isTopFrame: frame.parent === null } : null;
}

export interface Invoker {
  invoke(name: string, input: unknown): Promise<Result<unknown>>;
}

/**
 * `scheme://host` of a URL. `URL.origin` is the string "null" for custom schemes such as app://,
 * so it cannot be used to compare them.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.host === '') return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function isTrustedSender(sender: IpcSender | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!sender || !sender.isTopFrame) return false;
  const origin = originOf(sender.url);
  return origin !== null && trustedOrigins.includes(origin);
}

export async function guardIpcCall(
  core: Invoker,
  sender: IpcSender | null | undefined,
  raw: unknown,
  trustedOrigins: readonly string[] = [APP_ORIGIN],
): Promise<Result<unknown>> {
  if (!isTrustedSender(sender, trustedOrigins)) {
    const from = sender ? (sender.isTopFrame ? sender.url : `a sub-frame at ${sender.url}`) : 'a frame that no longer exists';
    return { ok: false, error: { code: 'invalid_input', message: `Refused a call from ${from}: only Confidant's own window may call the core.` } };
  }
  const parsed = IpcCallMessage.safeParse(raw);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    return { ok: false, error: { code: 'invalid_input', message: `Invalid IPC message: ${issues.join('; ')}`, issues } };
  }
  return core.invoke(parsed.data.name, parsed.data.input);
}
