import type { Migration } from '../migrate.ts';
import { foundation } from './0001-foundation.ts';
import { library } from './0002-library.ts';
import { dataset } from './0004-dataset.ts';

/**
 * Every schema change, in order. Append only: a shipped migration is never edited.
 * Numbers are reserved by domain so parallel work does not collide:
 * 2 library, 3 privacy, 4 dataset, 5 training + models, 6 chat.
 */
export const migrations: readonly Migration[] = [foundation, library, dataset];
