/** Every context the screen needs, in one place, for runTop and the tests alike. */
import { useMemo, type ReactNode } from 'react';
import type { Store } from '../store/store.js';
import type { UiActions } from './actions.js';
import { SettingsContext, StoreContext, UiActionsContext } from './context.js';
import { themeFor, type ColorMode } from './theme.js';

export interface ProvidersProps {
  store: Store;
  ascii: boolean;
  color: ColorMode;
  intervalMs: number;
  actions?: UiActions;
  children: ReactNode;
}

const NO_ACTIONS: UiActions = {};

export function Providers({ store, ascii, color, intervalMs, actions, children }: ProvidersProps) {
  const settings = useMemo(() => ({ ascii, theme: themeFor(color), intervalMs }), [ascii, color, intervalMs]);
  return (
    <SettingsContext value={settings}>
      <StoreContext value={store}>
        <UiActionsContext value={actions ?? NO_ACTIONS}>{children}</UiActionsContext>
      </StoreContext>
    </SettingsContext>
  );
}
