/** The two channels between preload and main; the renderer never sees these names. */
export const ipcChannels = {
  invoke: 'confidant:invoke',
  event: 'confidant:event',
} as const;
