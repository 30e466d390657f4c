import type { Calls } from '../api/index.ts';
import type { HandlersOf } from './handler-types.ts';
import { statusHandlers } from './status/handlers.ts';
import { privacyHandlers } from './privacy/handlers.ts';
import { chatHandlers } from './chat/handlers.ts';
import { libraryHandlers } from './library/handlers.ts';
import { trainingHandlers } from './training/handlers.ts';
import { datasetHandlers } from './dataset/handlers.ts';

/**
 * Every call of the contract, implemented. The annotation is the compile-time check that a
 * declared call without a handler fails the build.
 */
export const handlers: HandlersOf<Calls> = {
  ...statusHandlers,
  ...privacyHandlers,
  ...chatHandlers,
  ...libraryHandlers,
  ...trainingHandlers,
  ...datasetHandlers,
};
