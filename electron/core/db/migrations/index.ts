import type { Migration } from '../migrate.ts';
import { foundation } from './0001-foundation.ts';
import { library } from './0002-library.ts';
import { privacy } from './0003-privacy.ts';
import { dataset } from './0004-dataset.ts';
import { training } from './0005-training.ts';
import { chat } from './0006-chat.ts';
import { extraction } from './0007-extraction.ts';
import { reviewByValue } from './0008-review-by-value.ts';

/**
 * Every schema change, in order. Append only: a shipped migration is never edited.
 * Numbers are reserved by domain so parallel work does not collide:
 * 2 library, 3 privacy, 4 dataset, 5 training + models, 6 chat.
 */
export const migrations: readonly Migration[] = [foundation, library, privacy, dataset, training, chat, extraction, reviewByValue];
