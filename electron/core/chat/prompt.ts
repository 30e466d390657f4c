/**
 * Turning a conversation into the exact tokens the model sees. With a chat template in the GGUF
 * the template is rendered as Hugging Face's apply_chat_template does (the same Jinja, the same
 * variables) and the whole text is tokenized at once, special tokens parsed: that is how the
 * trainer formats its examples, so chat and training feed the model identical token ids.
 * (node-llama-cpp's chat wrappers tokenize each piece of the template separately, which adds
 * stray SentencePiece spaces between pieces; tests/core/chat/template.test.ts pins this.)
 */
import { renderChatTemplate, type ChatTurn } from '../models/chat-template.ts';
import { SpecialTokensText, type ChatHistoryItem, type ChatWrapper, type LlamaModel, type Token } from 'node-llama-cpp';
import type { Turn } from './trim.ts';

export interface PromptFormat {
  /** Describes the source of the format, for the "what was chosen" notice. */
  readonly source: string;
  tokens(systemPrompt: string, turns: Turn[]): Token[];
}

export function jinjaFormat(model: LlamaModel, template: string): PromptFormat {
  // The same renderer the template-agreement test checks against the trainer (electron/core/models).
  const options = { bosToken: model.tokens.bosString ?? '', eosToken: model.tokens.eosString ?? '', addGenerationPrompt: true };
  const render = (messages: ChatTurn[]): string => renderChatTemplate(template, messages, options);
  return {
    source: "the GGUF's own chat template",
    tokens(systemPrompt, turns) {
      const rest = turns.map((t) => ({ role: t.role, content: t.text }));
      let text: string;
      if (systemPrompt.trim() === '') text = render(rest);
      else {
        try {
          text = render([{ role: 'system', content: systemPrompt }, ...rest]);
        } catch {
          // Some templates refuse a system role: fold it into the first message, as their authors intend.
          const [first, ...later] = rest;
          text = render(first ? [{ role: first.role, content: `${systemPrompt}\n\n${first.content}` }, ...later] : rest);
        }
      }
      return model.tokenize(text, true);
    },
  };
}

/** For a GGUF without a template: node-llama-cpp's format for the architecture, tokenized in runs. */
export function wrapperFormat(model: LlamaModel, wrapper: ChatWrapper): PromptFormat {
  return {
    source: `no template in the GGUF, using node-llama-cpp's ${wrapper.wrapperName} format`,
    tokens(systemPrompt, turns) {
      const history: ChatHistoryItem[] = systemPrompt.trim() === '' ? [] : [{ type: 'system', text: systemPrompt }];
      for (const t of turns) history.push(t.role === 'user' ? { type: 'user', text: t.text } : { type: 'model', response: [t.text] });
      history.push({ type: 'model', response: [] });
      const values = wrapper.generateContextState({ chatHistory: history }).contextText.values;
      const tokens: Token[] = [];
      let run = '';
      const flush = (): void => {
        if (run !== '') tokens.push(...model.tokenize(run, true));
        run = '';
      };
      // Adjacent text pieces are joined before tokenizing, so no piece boundary adds a space.
      for (const value of values) {
        if (typeof value === 'string') run += value;
        else if (value instanceof SpecialTokensText) run += value.value;
        else {
          flush();
          tokens.push(...model.tokenize(value.value, 'builtin'));
        }
      }
      flush();
      return tokens;
    },
  };
}
