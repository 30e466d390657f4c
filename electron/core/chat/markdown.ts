import type { ChatSession } from '../../api/calls/chat.ts';

/** A conversation as Markdown: readable anywhere, with the model, settings and cited entries. */
export function sessionToMarkdown(session: ChatSession): { fileName: string; markdown: string } {
  const lines = [
    `# ${session.title}`,
    '',
    `- Model: ${session.modelName}`,
    `- Started: ${session.createdAt}`,
    `- System prompt: ${session.systemPrompt.replace(/\n/g, ' ')}`,
    `- Settings: max ${session.settings.maxTokens} tokens, temperature ${session.settings.temperature}${session.grounded ? ', grounded in my entries' : ''}`,
    '',
  ];
  for (const message of session.messages) {
    const who = message.role === 'user' ? 'Me' : (message.modelName ?? session.modelName);
    const status = message.status === 'done' || message.role === 'user' ? '' : ` _(${message.status}${message.stopReason ? `: ${message.stopReason}` : ''})_`;
    lines.push(`## ${who}${status}`, '', message.text, '');
    if (message.citations.length > 0) {
      lines.push('Drawn from:', ...message.citations.map((c) => `- ${c.title || `Entry ${c.entryId}`}${c.createdAt ? ` (${c.createdAt.slice(0, 10)})` : ''}`), '');
    }
  }
  const slug = session.title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'conversation';
  return { fileName: `${slug}.md`, markdown: `${lines.join('\n').trimEnd()}\n` };
}
