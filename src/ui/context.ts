/**
 * React contexts: read-only settings and the store, kept apart from the action callbacks
 * (STYLE.md), so a component that only reads never re-renders because an action changed.
 */
import { createContext, useContext } from 'react';
import type { Store } from '../store/store.js';
import type { ProcessActions, UiActions, ViewActions } from './actions.js';
import type { DetailSource } from './detail/source.js';
import type { Theme } from './theme.js';

/** Settings fixed for the session. */
export interface UiSettings {
  ascii: boolean;
  theme: Theme;
  /** Nominal refresh interval, for the header (rates use measured gaps, not this). */
  intervalMs: number;
}

export const SettingsContext = createContext<UiSettings | undefined>(undefined);
export const StoreContext = createContext<Store | undefined>(undefined);
/** The runtime's detail readers (src/runtime/detail.ts); absent where the screen has no detail view. */
export const DetailSourceContext = createContext<DetailSource | undefined>(undefined);
export const UiActionsContext = createContext<UiActions>({});
export const ViewActionsContext = createContext<ViewActions | undefined>(undefined);

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} used outside its provider`);
  return value;
}

export function useSettings(): UiSettings {
  return required(useContext(SettingsContext), 'useSettings');
}

export function useStore(): Store {
  return required(useContext(StoreContext), 'useStore');
}

export function useDetailSource(): DetailSource {
  return required(useContext(DetailSourceContext), 'useDetailSource');
}

/** System-changing actions; each may be absent. */
export function useUiActions(): UiActions {
  return useContext(UiActionsContext);
}

/** The runtime's process actions, where a dialog needs them (App opens dialogs only when they exist). */
export function useProcessActions(): ProcessActions {
  return required(useContext(UiActionsContext).processes, 'useProcessActions');
}

/** Screen-only actions: open/close the detail view, post a status message. */
export function useViewActions(): ViewActions {
  return required(useContext(ViewActionsContext), 'useViewActions');
}
