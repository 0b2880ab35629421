/**
 * Carries out the side effects the UI reducer requests (quit, suspend, acknowledge and silence
 * alerts), once per request, and reports what happened to the status line.
 */
import { useEffect, useRef } from 'react';
import type { UiActions } from '../actions.js';
import type { Request } from '../state/uiState.js';

export interface RequestHandlers {
  exit: () => void;
  onSuspend?: () => void;
  actions: UiActions;
  report: (text: string) => void;
}

export function useRequests(request: Request | undefined, handlers: RequestHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (request === undefined) return;
    const { exit, onSuspend, actions, report } = latest.current;
    switch (request.kind) {
      case 'quit':
        exit();
        return;
      case 'suspend':
        if (onSuspend) onSuspend();
        else report('suspend not available');
        return;
      case 'acknowledge': {
        const acknowledge = actions.acknowledgeAlert;
        if (acknowledge === undefined) {
          report('actions not available');
          return;
        }
        const done = request.ids.filter((id) => acknowledge(id)).length;
        report(`acknowledged ${done} alert${done === 1 ? '' : 's'}`);
        return;
      }
      case 'silence': {
        const silence = actions.silenceAlert;
        if (silence === undefined) {
          report('actions not available');
          return;
        }
        const done = request.ids.filter((id) => silence(id, request.ms)).length;
        report(`silenced ${done} alert${done === 1 ? '' : 's'} for ${Math.round(request.ms / 60_000)} min`);
        return;
      }
    }
  }, [request]);
}
