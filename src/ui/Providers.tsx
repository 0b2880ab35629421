/** Every context the screen needs, in one place, for runScreen and the tests alike. */
import { useMemo, type ReactNode } from 'react';
import type { Store } from '../store/store.js';
import type { UiActions } from './actions.js';
import { DetailSourceContext, SettingsContext, StoreContext, UiActionsContext } from './context.js';
import type { DetailSource } from './detail/source.js';
import { themeFor, type ColorMode } from './theme.js';

export interface ProvidersProps {
  store: Store;
  ascii: boolean;
  color: ColorMode;
  intervalMs: number;
  actions?: UiActions;
  /** The detail view's readers, from the runtime. */
  detail?: DetailSource;
  children: ReactNode;
}

const NO_ACTIONS: UiActions = {};

export function Providers({ store, ascii, color, intervalMs, actions, detail, children }: ProvidersProps) {
  const settings = useMemo(() => ({ ascii, theme: themeFor(color), intervalMs }), [ascii, color, intervalMs]);
  return (
    <SettingsContext value={settings}>
      <StoreContext value={store}>
        <DetailSourceContext value={detail}>
          <UiActionsContext value={actions ?? NO_ACTIONS}>{children}</UiActionsContext>
        </DetailSourceContext>
      </StoreContext>
    </SettingsContext>
  );
}
