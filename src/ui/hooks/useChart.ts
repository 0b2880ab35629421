/**
 * The store's chart series (store.chart), for a panel that draws them: it re-renders when the
 * charts change without a new snapshot (a recording's, drawn once its first frame is out).
 */
import { useSyncExternalStore } from 'react';
import { useStore } from '../context.js';

export function useChart(): (key: string) => number[] {
  const store = useStore();
  useSyncExternalStore(store.subscribe, store.chartsDrawn);
  return (key) => store.chart(key);
}
