/**
 * Models domain: GGUF files the app makes and loads. Plain functions for now; the training-from-app
 * issue wires them to `confidant export` and the contract.
 */
export {
  ensureLlamaCppSource,
  findLlamaCppSource,
  findNodeLlamaCppPackage,
  llamaCppToolsDir,
  type LlamaCppSource,
  type NodeLlamaCppPackage,
} from './llama-cpp-source.ts';
export { chatTemplateOf, renderChatTemplate, tokenizeChat, type ChatTurn } from './chat-template.ts';
export { readGgufMeta, type GgufMeta } from './gguf-meta.ts';
export { quantizeGguf, type QuantizeOptions, type QuantizeProgress, type QuantizeResult } from './quantize.ts';
export { QUANT_FTYPES, isQuantType, type QuantType } from './llama-abi.ts';
