/**
 * Saved conversations (chat_session, chat_message): what was said, to which model, with which
 * settings. Pure SQLite; the engine never touches these tables directly.
 */
import { ConfidantError } from '../../api/errors.ts';
import {
  ChatSettings,
  DEFAULT_SYSTEM_PROMPT,
  type ChatMessage,
  type ChatSession,
  type ChatSessionSummary,
  type Citation,
} from '../../api/calls/chat.ts';
import type { Db } from '../db/index.ts';
import type { ModelRow } from './registry.ts';

interface SessionRaw {
  id: number;
  title: string;
  model_id: number | null;
  model_name: string;
  model_path: string;
  adapter_path: string | null;
  system_prompt: string;
  grounded: number;
  settings: string;
  created_at: string;
  updated_at: string;
  message_count: number;
}

interface MessageRaw {
  id: number;
  session_id: number;
  role: 'user' | 'assistant';
  text: string;
  status: ChatMessage['status'];
  model_name: string | null;
  stop_reason: string | null;
  token_count: number | null;
  citations: string;
  notices: string;
  created_at: string;
}

/** What the engine needs to know about a conversation to answer in it. */
export interface SessionConfig {
  id: number;
  modelId: number | null;
  modelName: string;
  systemPrompt: string;
  grounded: boolean;
  settings: ChatSettings;
}

const now = (): string => new Date().toISOString();

const sessionSelect = `
  SELECT s.*, (SELECT count(*) FROM chat_message m WHERE m.session_id = s.id) AS message_count
  FROM chat_session s`;

function parseSettings(json: string): ChatSettings {
  // Settings written by an older version may lack newer fields; defaults fill them.
  const parsed = ChatSettings.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : ChatSettings.parse({});
}

function toSummary(raw: SessionRaw): ChatSessionSummary {
  return {
    id: raw.id,
    title: raw.title,
    modelId: raw.model_id,
    modelName: raw.model_name,
    grounded: raw.grounded === 1,
    messageCount: raw.message_count,
    updatedAt: raw.updated_at,
  };
}

function toMessage(raw: MessageRaw): ChatMessage {
  return {
    id: raw.id,
    sessionId: raw.session_id,
    role: raw.role,
    text: raw.text,
    status: raw.status,
    modelName: raw.model_name,
    stopReason: raw.stop_reason,
    tokenCount: raw.token_count,
    citations: JSON.parse(raw.citations) as Citation[],
    notices: JSON.parse(raw.notices) as string[],
    createdAt: raw.created_at,
  };
}

function getSessionRaw(db: Db, sessionId: number): SessionRaw {
  const raw = db.prepare(`${sessionSelect} WHERE s.id = ?`).get(sessionId) as SessionRaw | undefined;
  if (!raw) throw new ConfidantError('not_found', `There is no conversation ${sessionId}. It may have been deleted; pick another from the list.`);
  return raw;
}

export function listSessions(db: Db): ChatSessionSummary[] {
  const rows = db.prepare(`${sessionSelect} ORDER BY s.updated_at DESC, s.id DESC`).all() as SessionRaw[];
  return rows.map(toSummary);
}

export function getSession(db: Db, sessionId: number): ChatSession {
  const raw = getSessionRaw(db, sessionId);
  const messages = db.prepare('SELECT * FROM chat_message WHERE session_id = ? ORDER BY id').all(sessionId) as MessageRaw[];
  return {
    ...toSummary(raw),
    systemPrompt: raw.system_prompt,
    settings: parseSettings(raw.settings),
    createdAt: raw.created_at,
    messages: messages.map(toMessage),
  };
}

export function getSessionConfig(db: Db, sessionId: number): SessionConfig {
  const raw = getSessionRaw(db, sessionId);
  return {
    id: raw.id,
    modelId: raw.model_id,
    modelName: raw.model_name,
    systemPrompt: raw.system_prompt,
    grounded: raw.grounded === 1,
    settings: parseSettings(raw.settings),
  };
}

export function createSession(
  db: Db,
  model: ModelRow,
  options: { title?: string; systemPrompt?: string; grounded?: boolean; settings?: Partial<ChatSettings> },
): number {
  const at = now();
  const settings = ChatSettings.parse(options.settings ?? {});
  const result = db
    .prepare(
      `INSERT INTO chat_session (title, model_id, model_name, model_path, adapter_path, system_prompt, grounded, settings, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      options.title ?? 'New conversation',
      model.id,
      model.name,
      model.path,
      model.adapterPath,
      options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT,
      options.grounded ? 1 : 0,
      JSON.stringify(settings),
      at,
      at,
    );
  return Number(result.lastInsertRowid);
}

export function updateSession(
  db: Db,
  sessionId: number,
  change: { title?: string; systemPrompt?: string; grounded?: boolean; model?: ModelRow; settings?: Partial<ChatSettings> },
): void {
  const raw = getSessionRaw(db, sessionId);
  const settings = ChatSettings.parse({ ...parseSettings(raw.settings), ...change.settings });
  db.prepare(
    `UPDATE chat_session SET title = ?, system_prompt = ?, grounded = ?, settings = ?, model_id = ?, model_name = ?,
       model_path = ?, adapter_path = ?, updated_at = ? WHERE id = ?`,
  ).run(
    change.title ?? raw.title,
    change.systemPrompt ?? raw.system_prompt,
    change.grounded === undefined ? raw.grounded : change.grounded ? 1 : 0,
    JSON.stringify(settings),
    change.model ? change.model.id : raw.model_id,
    change.model ? change.model.name : raw.model_name,
    change.model ? change.model.path : raw.model_path,
    change.model ? change.model.adapterPath : raw.adapter_path,
    now(),
    sessionId,
  );
}

export function deleteSession(db: Db, sessionId: number): boolean {
  return db.prepare('DELETE FROM chat_session WHERE id = ?').run(sessionId).changes > 0;
}

/** Saves the person's message and a placeholder for the answer, in one transaction. */
export function addExchange(db: Db, sessionId: number, text: string, modelName: string, settings: ChatSettings): { userMessageId: number; replyMessageId: number } {
  return db.transaction(() => {
    const at = now();
    const insert = db.prepare(
      `INSERT INTO chat_message (session_id, role, text, status, model_name, settings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const user = insert.run(sessionId, 'user', text, 'done', null, null, at);
    const reply = insert.run(sessionId, 'assistant', '', 'queued', modelName, JSON.stringify(settings), at);
    const session = getSessionRaw(db, sessionId);
    // The first message names a conversation that still has the default title.
    const title = session.title === 'New conversation' && session.message_count <= 2 ? titleFrom(text) : session.title;
    db.prepare('UPDATE chat_session SET updated_at = ?, title = ? WHERE id = ?').run(at, title, sessionId);
    return { userMessageId: Number(user.lastInsertRowid), replyMessageId: Number(reply.lastInsertRowid) };
  })();
}

function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line || 'New conversation';
}

/** The turns before `beforeMessageId`, oldest first; answers that failed are left out. */
export function historyBefore(db: Db, sessionId: number, beforeMessageId: number): { role: 'user' | 'assistant'; text: string }[] {
  const rows = db
    .prepare(
      `SELECT role, text FROM chat_message WHERE session_id = ? AND id < ? AND (role = 'user' OR status IN ('done', 'stopped')) ORDER BY id`,
    )
    .all(sessionId, beforeMessageId) as { role: 'user' | 'assistant'; text: string }[];
  return rows;
}

export function markGenerating(db: Db, messageId: number): void {
  db.prepare(`UPDATE chat_message SET status = 'generating' WHERE id = ?`).run(messageId);
}

export function finishMessage(
  db: Db,
  messageId: number,
  result: { status: 'done' | 'stopped' | 'error'; text: string; stopReason: string; tokenCount: number; citations: Citation[]; notices: string[] },
): void {
  db.prepare(
    `UPDATE chat_message SET status = ?, text = ?, stop_reason = ?, token_count = ?, citations = ?, notices = ? WHERE id = ?`,
  ).run(result.status, result.text, result.stopReason, result.tokenCount, JSON.stringify(result.citations), JSON.stringify(result.notices), messageId);
  db.prepare('UPDATE chat_session SET updated_at = ? WHERE id = (SELECT session_id FROM chat_message WHERE id = ?)').run(now(), messageId);
}

/**
 * Answers left 'queued' or 'generating' by a process that ended (app quit, crash) can never
 * finish; marking them stopped keeps the conversation honest instead of showing a spinner forever.
 */
export function settleInterrupted(db: Db): void {
  db.prepare(
    `UPDATE chat_message SET status = 'stopped', stop_reason = 'interrupted: the app closed before the answer finished'
     WHERE status IN ('queued', 'generating')`,
  ).run();
}
