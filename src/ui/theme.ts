/**
 * Colour themes: none (--no-color / NO_COLOR: no colour escapes at all; emphasis by bold and
 * inverse only), 16 colours (named ANSI colours, safe on any terminal), truecolor (24-bit, when
 * COLORTERM says so). Components take colours from the theme, never literals.
 */

export type ColorMode = 'none' | '16' | 'truecolor';

export interface Theme {
  mode: ColorMode;
  /** undefined means "terminal default" (no colour escape). */
  title?: string;
  label?: string;
  dim?: string;
  good?: string;
  warn?: string;
  crit?: string;
  chart?: string;
  chartAlt?: string;
  /** Table header and selected row background; undefined → inverse video. */
  headerBg?: string;
  selectedBg?: string;
  selectedFg?: string;
}

const NONE: Theme = { mode: 'none' };

const SIXTEEN: Theme = {
  mode: '16',
  title: 'cyan',
  label: 'blue',
  dim: 'gray',
  good: 'green',
  warn: 'yellow',
  crit: 'red',
  chart: 'cyan',
  chartAlt: 'magenta',
  headerBg: 'green',
  selectedBg: 'cyan',
  selectedFg: 'black',
};

const TRUECOLOR: Theme = {
  mode: 'truecolor',
  title: '#5fd7ff',
  label: '#87afd7',
  dim: '#808080',
  good: '#5fd75f',
  warn: '#ffd75f',
  crit: '#ff5f5f',
  chart: '#5fafff',
  chartAlt: '#d787ff',
  headerBg: '#3a6e3a',
  selectedBg: '#2f5f8f',
  selectedFg: '#ffffff',
};

export function themeFor(mode: ColorMode): Theme {
  return mode === 'none' ? NONE : mode === '16' ? SIXTEEN : TRUECOLOR;
}

/** Colour for a 0..100 level: calm, busy, saturated. */
export function levelColor(theme: Theme, percent: number | undefined): string | undefined {
  if (percent === undefined) return theme.dim;
  return percent < 60 ? theme.good : percent < 85 ? theme.warn : theme.crit;
}
