/**
 * The screens of the app and their hash routes (`#/library`). Hash routing keeps the current
 * screen across a reload under both the `app://` protocol and the web host, with no server routes.
 */
export const routes = [
  { id: 'library', label: 'Library', hint: 'Folders and entries' },
  { id: 'review', label: 'Review', hint: 'Include, exclude, redact' },
  { id: 'dataset', label: 'Dataset', hint: 'Training examples' },
  { id: 'train', label: 'Train', hint: 'Fine-tune on your GPU' },
  { id: 'models', label: 'Models', hint: 'Adapters and GGUF files' },
  { id: 'chat', label: 'Chat', hint: 'Talk to your model' },
  { id: 'status', label: 'Status', hint: 'Data, trainer, GPUs' },
] as const;

export type RouteId = (typeof routes)[number]['id'];

export const defaultRoute: RouteId = 'library';

export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return routes.find((route) => route.id === id)?.id ?? defaultRoute;
}

export function hashFor(id: RouteId): string {
  return `#/${id}`;
}
