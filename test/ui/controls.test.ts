/**
 * What a key asks of the terminal, carried out the one way both screens do (terminal/controls.ts),
 * and said where it cannot be.
 */
import { describe, expect, it } from 'vitest';
import { askTerminal, type TerminalControls } from '../../src/ui/terminal/controls.js';

function controls(redraws: boolean) {
  const asked: string[] = [];
  const terminal: TerminalControls = {
    suspend: () => void asked.push('suspend'),
    redraw: () => {
      asked.push('redraw');
      return redraws;
    },
  };
  return { terminal, asked };
}

describe('askTerminal', () => {
  it('suspends and redraws through the runner, reporting nothing', () => {
    const { terminal, asked } = controls(true);
    const reports: string[] = [];
    askTerminal(terminal, 'suspend', (t) => reports.push(t));
    askTerminal(terminal, 'redraw', (t) => reports.push(t));
    expect(asked).toEqual(['suspend', 'redraw']);
    expect(reports).toEqual([]);
  });

  it('says so where there is no runner, or its renderer cannot redraw', () => {
    const reports: string[] = [];
    askTerminal(undefined, 'suspend', (t) => reports.push(t));
    askTerminal(undefined, 'redraw', (t) => reports.push(t));
    askTerminal(controls(false).terminal, 'redraw', (t) => reports.push(t));
    expect(reports).toEqual(['suspend not available', 'redraw not available', 'redraw not available']);
  });
});
