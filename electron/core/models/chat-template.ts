import { Template } from '@huggingface/jinja';
import type { LlamaModel, Token } from 'node-llama-cpp';
import { ConfidantError } from '../../api/errors.ts';

/**
 * Formats a conversation for a GGUF model exactly as the trainer formatted its examples (design.md,
 * "Chat template: one truth end to end"): the GGUF's own `tokenizer.chat_template`, rendered with the
 * variables transformers' `apply_chat_template` passes, then tokenized as ONE string with special
 * tokens parsed. tests/core/models/chat-template-agrees.test.ts proves the ids equal the trainer's.
 *
 * Why not node-llama-cpp's JinjaTemplateChatWrapper + `LlamaText.tokenize`: it cuts the rendered
 * text at message boundaries and tokenizes the pieces apart, and SentencePiece then tokenizes the
 * joins differently (" [/INST]" becomes "▁▁" "[" ... instead of "▁[" ...), so the model would see
 * prompts unlike anything it was trained on.
 */

export interface ChatTurn {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface RenderOptions {
  readonly bosToken: string;
  readonly eosToken: string;
  /** True when the model is to answer next (a prompt); false for a whole training example. */
  readonly addGenerationPrompt: boolean;
}

/** Renders `template` like transformers' `apply_chat_template(..., tokenize=False)`. */
export function renderChatTemplate(template: string, messages: readonly ChatTurn[], options: RenderOptions): string {
  let compiled: Template;
  try {
    compiled = new Template(template);
  } catch (cause) {
    throw new ConfidantError('invalid_input', `The model's chat template does not parse: ${errorText(cause)}. Re-export the model.`, { cause });
  }
  try {
    return compiled.render({
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      bos_token: options.bosToken,
      eos_token: options.eosToken,
      add_generation_prompt: options.addGenerationPrompt,
      // raise_exception is built into @huggingface/jinja, as into transformers.
    });
  } catch (cause) {
    throw new ConfidantError('invalid_input', `The chat template failed on this conversation: ${errorText(cause)}`, { cause });
  }
}

/** The GGUF's chat template, or a clear error for a model exported without one. */
export function chatTemplateOf(model: LlamaModel): string {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  if (!template) {
    throw new ConfidantError('invalid_input', `${model.filename ?? 'This model'} carries no chat template. Export it again with Confidant, which keeps the base model's template.`);
  }
  return template;
}

/** The token ids the model should see for `messages`, from the GGUF's own template and tokenizer. */
export function tokenizeChat(model: LlamaModel, messages: readonly ChatTurn[], options: { addGenerationPrompt: boolean }): Token[] {
  const bosToken = model.tokens.bosString;
  const eosToken = model.tokens.eosString;
  if (bosToken === null || eosToken === null) {
    throw new ConfidantError('invalid_input', `${model.filename ?? 'This model'} defines no BOS/EOS token. Export it again with Confidant.`);
  }
  const text = renderChatTemplate(chatTemplateOf(model), messages, { bosToken, eosToken, addGenerationPrompt: options.addGenerationPrompt });
  // specialTokens=true: "<s>" / "</s>" in the rendered text are the BOS/EOS tokens, as in transformers.
  return model.tokenize(text, true);
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
