/**
 * Text in a foreground colour, spelled as Ink spells a nested `<Text color>` (its own colorize,
 * with the chalk Ink uses): for a piece of a line that changes with the data (a process's CPU%, a
 * meter's bar), so that the line is one text with no nested Text to render, update and dirty each
 * time the piece changes. Only where no background is inherited: a nested Text would take its
 * parent's background as well.
 */
// Ink's own module, by path: its package exports only its public API.
import colorize from '../../../node_modules/ink/build/colorize.js';

export function colored(text: string, color: string | undefined): string {
  return colorize(text, color, 'foreground');
}
