/**
 * Carries out the side effects the UI reducer requests (quit, suspend, redraw, acknowledge and
 * silence alerts), once per request, and reports what happened to the status line.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { UiActions } from '../actions.js';
import type { Request } from '../state/uiState.js';
import { askTerminal, type TerminalControls } from '../terminal/controls.js';

export interface RequestHandlers {
  exit: () => void;
  terminal?: TerminalControls;
  actions: UiActions;
  report: (text: string) => void;
}

export function useRequests(request: Request | undefined, handlers: RequestHandlers): void {
  // The handlers of the last commit, set before the effect below runs in that same commit.
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (request === undefined) return;
    const { exit, terminal, actions, report } = latest.current;
    /** Apply an alert action to each id and report how many it took; without one, say so. */
    const onAlerts = (ids: readonly string[], act: ((id: string) => boolean) | undefined, done: (alerts: string) => string) => {
      if (act === undefined) return report('actions not available');
      const n = ids.filter((id) => act(id)).length;
      report(done(`${n} alert${n === 1 ? '' : 's'}`));
    };
    switch (request.kind) {
      case 'quit':
        exit();
        return;
      case 'suspend':
      case 'redraw':
        askTerminal(terminal, request.kind, report);
        return;
      case 'acknowledge':
        onAlerts(request.ids, actions.acknowledgeAlert, (alerts) => `acknowledged ${alerts}`);
        return;
      case 'silence': {
        const { ids, ms } = request;
        const silence = actions.silenceAlert;
        onAlerts(ids, silence && ((id) => silence(id, ms)), (alerts) => `silenced ${alerts} for ${Math.round(ms / 60_000)} min`);
        return;
      }
    }
  }, [request]);
}
