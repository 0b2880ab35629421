/**
 * Text in a foreground colour, spelled as Ink spells a nested `<Text color>` (its own colorize,
 * with the chalk Ink uses): for a piece of a line that changes with the data (a process's CPU%, a
 * meter's bar), so that the line is one text with no nested Text to render, update and dirty each
 * time the piece changes. Only where no background is inherited: a nested Text would take its
 * parent's background as well.
 */
import chalk from 'chalk';
// Ink's own module, by path: its package exports only its public API.
import colorize from '../../../node_modules/ink/build/colorize.js';

export function colored(text: string, color: string | undefined): string {
  return colorize(text, color, 'foreground');
}

/** The styles of Ink's Text that `styled` spells. */
export interface TextStyle {
  color?: string;
  backgroundColor?: string;
  dimColor?: boolean;
  bold?: boolean;
  inverse?: boolean;
}

/**
 * Text in `style`, spelled as Ink's Text spells its own (components/Text.js, in the same order):
 * for the styled part of a line whose rest is plain (the blanks that keep a line's width the same
 * while its text changes, so its layout is kept: ui/terminal/inkDom.ts).
 */
export function styled(text: string, style: TextStyle): string {
  let out = style.dimColor === true ? chalk.dim(text) : text;
  out = colorize(out, style.color, 'foreground');
  out = colorize(out, style.backgroundColor, 'background');
  if (style.bold === true) out = chalk.bold(out);
  if (style.inverse === true) out = chalk.inverse(out);
  return out;
}
