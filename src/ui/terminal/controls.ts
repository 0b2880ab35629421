/**
 * What the screen's keys may ask of the terminal, which the runner owns (fullScreen.tsx), and the
 * one way both screens (top's App, the fleet's) carry out such a request.
 */

export interface TerminalControls {
  /** Ctrl-Z: hand the terminal back and stop until fg. */
  suspend: () => void;
  /**
   * Ctrl-L: draw the frame again whole on a cleared screen, for a terminal that stray output wrote
   * over; false where the renderer cannot (not the cell renderer).
   */
  redraw: () => boolean;
}

/** Does what a key asked of the terminal, or says why it could not (no runner, as in tests; a renderer that cannot redraw). */
export function askTerminal(terminal: TerminalControls | undefined, kind: 'suspend' | 'redraw', report: (text: string) => void): void {
  if (kind === 'suspend') {
    if (terminal === undefined) report('suspend not available');
    else terminal.suspend();
  } else if (terminal?.redraw() !== true) report('redraw not available');
}
