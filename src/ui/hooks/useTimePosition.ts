/** Where the store's cursor is on the timeline shown (undefined while live), re-rendering when it moves. */
import { useSyncExternalStore } from 'react';
import type { TimePosition } from '../../store/store.js';
import { useStore } from '../context.js';

export function useTimePosition(): TimePosition | undefined {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.position);
}
