import type { Migration } from '../migrate.ts';

/**
 * Chat (issue 8): the GGUF files a person chats with, conversations and their messages.
 * A conversation keeps the model's name and path as they were, so removing the model (or deleting
 * its file) leaves every conversation readable; `model_id` only links it while the model exists.
 */
export const chat: Migration = {
  version: 6,
  name: 'chat',
  up: `
    CREATE TABLE chat_model (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      path TEXT NOT NULL,
      adapter_path TEXT,
      architecture TEXT NOT NULL,
      size_bytes INTEGER NOT NULL,
      has_chat_template INTEGER NOT NULL DEFAULT 0,
      -- 'user' for a file the person added; the training issue registers its exports as 'training'
      origin TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('user', 'training')),
      added_at TEXT NOT NULL,
      UNIQUE (path, adapter_path)
    ) STRICT;

    CREATE TABLE chat_session (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL,
      model_id INTEGER REFERENCES chat_model(id) ON DELETE SET NULL,
      model_name TEXT NOT NULL,
      model_path TEXT NOT NULL,
      adapter_path TEXT,
      system_prompt TEXT NOT NULL,
      grounded INTEGER NOT NULL DEFAULT 0,
      -- JSON: ChatSettings (maxTokens, temperature)
      settings TEXT NOT NULL DEFAULT '{}',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX chat_session_updated ON chat_session(updated_at);

    CREATE TABLE chat_message (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES chat_session(id) ON DELETE CASCADE,
      role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
      text TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL CHECK (status IN ('queued', 'generating', 'done', 'stopped', 'error')),
      model_name TEXT,
      -- JSON: the settings this answer was generated with
      settings TEXT,
      stop_reason TEXT,
      token_count INTEGER,
      -- JSON: [{entryId, title, createdAt, excerpt}] for grounded answers
      citations TEXT NOT NULL DEFAULT '[]',
      -- JSON: [string] what happened around the answer (trimmed turns, backend chosen)
      notices TEXT NOT NULL DEFAULT '[]',
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX chat_message_session ON chat_message(session_id, id);
  `,
};
