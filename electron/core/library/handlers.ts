import type { HandlersOf } from '../handler-types.ts';
import type { libraryCalls } from '../../api/calls/library.ts';
import type { CoreContext } from '../context.ts';
import { getLibrary } from './library.ts';
import { getEntry, listEntries, listErrors, listNotes, searchEntries, sourceCounts } from './search.ts';
import { getSource, listSources, type SourceRow } from './sources.ts';

function describeSource(ctx: CoreContext, source: SourceRow) {
  const library = getLibrary(ctx);
  return { ...source, ...sourceCounts(ctx.db, source.id), watchState: library.watchState(source.id), progress: library.progressOf(source.id) };
}

export const libraryHandlers: HandlersOf<typeof libraryCalls> = {
  'library.addSource': (input, ctx) => describeSource(ctx, getLibrary(ctx).add(input.path, input.options ?? {}, input.watch ?? true)),
  'library.listSources': (_input, ctx) => listSources(ctx.db).map((s) => describeSource(ctx, s)),
  'library.removeSource': async (input, ctx) => {
    const removed = await getLibrary(ctx).remove(input.id);
    return { id: removed.id, path: removed.path };
  },
  'library.index': (input, ctx) => getLibrary(ctx).index(input.sourceId),
  'library.setWatching': async (input, ctx) => {
    const library = getLibrary(ctx);
    if (input.enabled) return { watching: library.startWatching(input.sourceIds) };
    if (input.sourceIds) for (const id of input.sourceIds) await library.stopWatching(id);
    else await library.stopWatching();
    return { watching: listSources(ctx.db).filter((s) => library.watchState(s.id).mode !== 'off').map((s) => s.id) };
  },
  'library.listErrors': (input, ctx) => {
    getSource(ctx.db, input.sourceId);
    return listErrors(ctx.db, input.sourceId);
  },
  'library.listNotes': (input, ctx) => {
    getSource(ctx.db, input.sourceId);
    return listNotes(ctx.db, input.sourceId);
  },
  'library.listEntries': (input, ctx) => listEntries(ctx.db, input, input.offset, input.limit),
  'library.getEntry': (input, ctx) => getEntry(ctx.db, input.id),
  'library.search': (input, ctx) => searchEntries(ctx.db, input.query, input, input.limit),
};
