/**
 * `confidant chat`: talk to a model from a terminal, or get one answer for a script.
 *
 *   confidant chat --model my.gguf                     interactive (each stdin line is a message)
 *   confidant chat --model 2 --prompt "hi" --json      one answer as JSON
 *   confidant chat --compare 1 2 --prompt "hi"         two models, one prompt
 */
import readline from 'node:readline';
import fs from 'node:fs';
import type { Command } from 'commander';
import type { ChatModel, ChatSession, Citation } from '../../api/calls/chat.ts';
import { ConfidantError, type AppEvent, type Client } from '../../api/index.ts';
import type { Core } from '../../core/index.ts';
import type { SessionFactory } from '../program.ts';

interface ChatOptions {
  model?: string;
  adapter?: string;
  grounded?: boolean;
  system?: string;
  prompt?: string;
  compare?: string[];
  maxTokens?: string;
}

interface Answer {
  sessionId: number;
  messageId: number;
  model: string;
  status: 'done' | 'stopped' | 'error';
  stopReason: string;
  text: string;
  tokenCount: number;
  citations: Citation[];
  notices: string[];
}

export function registerChat(program: Command, session: SessionFactory): void {
  program
    .command('chat')
    .description('Chat with a model: interactive on a terminal, or one answer with --prompt')
    .option('--model <idOrFile>', 'a registered model id, or a GGUF file (registered on first use)')
    .option('--adapter <file>', 'a GGUF LoRA adapter to apply on top of --model FILE')
    .option('--grounded', 'search my included entries and put the best few into each prompt', false)
    .option('--system <text>', 'system prompt (default: "You are me, writing in my voice.")')
    .option('--prompt <text>', 'send one message, print the answer and exit')
    .option('--compare <models...>', 'two model ids or files: the same --prompt to both')
    .option('--max-tokens <n>', 'hard limit on the tokens of each answer')
    .action(async (options: ChatOptions) => {
      const s = session();
      const client = s.client();
      const core = s.core();
      const maxTokens = options.maxTokens === undefined ? undefined : parsePositiveInt(options.maxTokens, '--max-tokens');
      const settings = maxTokens === undefined ? undefined : { maxTokens };
      if (options.compare !== undefined) {
        if (options.compare.length !== 2) throw new ConfidantError('invalid_input', `--compare takes exactly two models, got ${options.compare.length}.`);
        if (options.prompt === undefined) throw new ConfidantError('invalid_input', '--compare needs --prompt TEXT.');
        const models = await Promise.all(options.compare.map((m) => resolveModel(client, m, undefined)));
        const answers = await compare(core, client, models, options, settings);
        s.print({ answers }, () => answers.map((a) => `── ${a.model} ──\n${a.text.trim()}${describeEnd(a)}`).join('\n\n'));
        return;
      }
      const model = await resolveModel(client, options.model, options.adapter);
      const created = await client.call('chat.createSession', {
        modelId: model.id,
        grounded: options.grounded === true,
        ...(options.system === undefined ? {} : { systemPrompt: options.system }),
        ...(settings === undefined ? {} : { settings }),
      });
      if (options.prompt !== undefined) {
        const answer = await ask(core, client, created, options.prompt, s.json ? undefined : (t) => process.stdout.write(t));
        if (s.json) s.print(answer, () => '');
        else process.stdout.write(`${describeEnd(answer)}\n`);
        if (answer.status === 'error') throw new ConfidantError('io', answer.stopReason);
        return;
      }
      await interactive(core, client, created, s.json);
    });
}

function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfidantError('invalid_input', `${flag} must be a whole number above 0, got "${value}".`);
  return n;
}

/** An id picks a registered model; anything else is a file path, registered on first use. */
async function resolveModel(client: Client, model: string | undefined, adapter: string | undefined): Promise<ChatModel> {
  if (model === undefined) {
    if (adapter !== undefined) throw new ConfidantError('invalid_input', '--adapter needs --model FILE: the base model the adapter was trained on.');
    const models = await client.call('chat.listModels', {});
    const usable = models.find((m) => m.isAvailable);
    if (!usable) throw new ConfidantError('not_found', 'No chat model yet. Pass --model FILE with a .gguf file (it is remembered for next time).');
    return usable;
  }
  if (/^\d+$/.test(model) && !fs.existsSync(model)) {
    const found = (await client.call('chat.listModels', {})).find((m) => m.id === Number(model));
    if (!found) throw new ConfidantError('not_found', `There is no chat model ${model}. Run "confidant chat --model FILE" with a .gguf file, or pick an id from the app's model list.`);
    if (adapter !== undefined) throw new ConfidantError('invalid_input', '--adapter goes with --model FILE, not with a registered model id.');
    return found;
  }
  return client.call('chat.addModel', { path: model, ...(adapter === undefined ? {} : { adapterPath: adapter }) });
}

/** Sends one message and resolves when its answer is done, streaming the text to `onText`. */
async function ask(core: Core, client: Client, session: ChatSession, text: string, onText?: (t: string) => void, signal?: AbortSignal): Promise<Answer> {
  const notices: string[] = [];
  let replyId: number | undefined;
  const early: AppEvent[] = [];
  let finish: (answer: Answer) => void = () => undefined;
  const finished = new Promise<Answer>((resolve) => {
    finish = resolve;
  });
  const handle = (event: AppEvent): void => {
    if (event.name === 'chat.notice' && event.payload.sessionId === session.id && event.payload.level !== 'info') {
      if (event.payload.messageId === replyId) notices.push(event.payload.message);
    }
    if (event.name === 'chat.token' && event.payload.messageId === replyId) onText?.(event.payload.text);
    if (event.name === 'chat.done' && event.payload.messageId === replyId) {
      finish({ ...event.payload, model: session.modelName, citations: [], notices });
    }
  };
  const off = core.subscribe((event) => (replyId === undefined ? early.push(event) : handle(event)));
  const onAbort = (): void => void client.call('chat.stop', { sessionId: session.id });
  signal?.addEventListener('abort', onAbort);
  try {
    const sent = await client.call('chat.sendMessage', { sessionId: session.id, text });
    replyId = sent.replyMessageId;
    for (const event of early.splice(0)) handle(event);
    const answer = await finished;
    const saved = await client.call('chat.getSession', { sessionId: session.id });
    answer.citations = saved.messages.find((m) => m.id === answer.messageId)?.citations ?? [];
    return answer;
  } finally {
    off();
    signal?.removeEventListener('abort', onAbort);
  }
}

async function compare(core: Core, client: Client, models: ChatModel[], options: ChatOptions, settings: { maxTokens: number } | undefined): Promise<Answer[]> {
  const [a, b] = models;
  if (!a || !b) throw new ConfidantError('invalid_input', '--compare takes exactly two models.');
  const sessions = await Promise.all(
    [a, b].map((m) =>
      client.call('chat.createSession', {
        modelId: m.id,
        title: `Compare: ${options.prompt ?? ''}`.slice(0, 60),
        grounded: options.grounded === true,
        ...(options.system === undefined ? {} : { systemPrompt: options.system }),
        ...(settings === undefined ? {} : { settings }),
      }),
    ),
  );
  return Promise.all(sessions.map((created) => ask(core, client, created, options.prompt ?? '')));
}

function describeEnd(answer: Answer): string {
  const lines: string[] = [];
  if (answer.status === 'stopped') lines.push('[stopped]');
  if (answer.status === 'error') lines.push(`[error] ${answer.stopReason}`);
  if (answer.stopReason === 'maxTokens') lines.push(`[stopped at the ${answer.tokenCount}-token limit]`);
  for (const notice of answer.notices) lines.push(`[note] ${notice}`);
  if (answer.citations.length > 0) {
    lines.push('Drawn from:', ...answer.citations.map((c) => `  #${c.entryId} ${c.title || '(untitled)'}${c.createdAt ? ` (${c.createdAt.slice(0, 10)})` : ''}`));
  }
  return lines.length > 0 ? `\n${lines.join('\n')}` : '';
}

/**
 * One message per line of stdin; on a terminal, Ctrl+C stops the answer being written (a second
 * Ctrl+C, /exit or end of input leaves). Lines typed while an answer runs wait their turn.
 */
async function interactive(core: Core, client: Client, session: ChatSession, json: boolean): Promise<void> {
  const isTty = process.stdin.isTTY === true;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: isTty });
  let current: AbortController | undefined;
  rl.on('SIGINT', () => {
    if (current) current.abort();
    else rl.close();
  });
  if (isTty && !json) process.stdout.write(`Chatting with ${session.modelName}. Ctrl+C stops an answer; /exit leaves.\n`);
  const prompt = (): void => {
    if (isTty && !json) rl.prompt();
  };
  rl.setPrompt('you> ');
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '') {
      prompt();
      continue;
    }
    if (text === '/exit') break;
    current = new AbortController();
    const answer = await ask(core, client, session, text, json ? undefined : (t) => process.stdout.write(t), current.signal);
    current = undefined;
    if (json) process.stdout.write(`${JSON.stringify(answer)}\n`);
    else process.stdout.write(`${describeEnd(answer)}\n`);
    prompt();
  }
  rl.close();
}
