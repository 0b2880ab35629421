/** Every context the fleet screen needs: the settings top's components read, the poller as store and as actions. */
import { useMemo, type ReactNode } from 'react';
import type { FleetActions, FleetStore } from '../../fleet/poller.js';
import { SettingsContext } from '../context.js';
import { themeFor, type ColorMode } from '../theme.js';
import { FleetActionsContext, FleetStoreContext } from './context.js';

export interface FleetProvidersProps {
  store: FleetStore;
  actions: FleetActions;
  intervalMs: number;
  color: ColorMode;
  ascii: boolean;
  children: ReactNode;
}

export function FleetProviders({ store, actions, intervalMs, color, ascii, children }: FleetProvidersProps) {
  const settings = useMemo(() => ({ ascii, theme: themeFor(color), intervalMs }), [ascii, color, intervalMs]);
  return (
    <SettingsContext value={settings}>
      <FleetStoreContext value={store}>
        <FleetActionsContext value={actions}>{children}</FleetActionsContext>
      </FleetStoreContext>
    </SettingsContext>
  );
}
