/** The snapshot on screen, from the store (useSyncExternalStore: one render per publish). */
import { useSyncExternalStore } from 'react';
import type { Snapshot } from '../../types/snapshot.js';
import { useStore } from '../context.js';

export function useSnapshot(): Snapshot | undefined {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
