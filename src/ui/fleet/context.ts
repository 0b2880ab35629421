/**
 * The fleet screen's contexts: its store (the poller, read through useFleetSnapshot) and its
 * actions (open or close a host), apart, as top keeps its store and its actions apart.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { FleetActions, FleetStore } from '../../fleet/poller.js';
import type { FleetSnapshot } from '../../fleet/types.js';

export const FleetStoreContext = createContext<FleetStore | undefined>(undefined);
export const FleetActionsContext = createContext<FleetActions | undefined>(undefined);

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} used outside its provider`);
  return value;
}

/** The fleet on screen (one render per publish). */
export function useFleetSnapshot(): FleetSnapshot {
  const store = required(useContext(FleetStoreContext), 'useFleetSnapshot');
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useFleetActions(): FleetActions {
  return required(useContext(FleetActionsContext), 'useFleetActions');
}
