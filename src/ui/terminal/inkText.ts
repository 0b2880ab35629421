/**
 * Stands in for Ink's Text (ink/build/components/Text.js, Ink 8.0.0) where Ink's index exports it;
 * the bundle and the tests put it in place of Ink's own (scripts/bundle/ink-cell-renderer.mjs,
 * vitest.config.ts). It is Ink's Text but that its transform and its node's style are kept from
 * render to render while the props they are made of stay the same. Ink's made both anew on every
 * render: the node was updated, and its writes differed from the last frame's by the transform
 * alone, so the rows they reach were drawn again (changedRows.ts compares transforms by identity:
 * two closures cannot be compared by what they do) and each line coloured again. And a Text with
 * no background of its own provides none: its children inherit the same one either way, and Ink's
 * provider was a fiber more per Text for React to visit on every render. A Text whose children
 * are elements (a line of coloured parts) renders whenever its parent does, however memoised
 * (components/Text.tsx). test/unit/bundle/ink-text.test.tsx checks frames against Ink's.
 */
import chalk from 'chalk';
import React, { use, useMemo } from 'react';
// Ink's own modules, by path: its package exports only its public API. The same modules Ink's
// Box and Text read, so the contexts are the same objects.
import colorize from '../../../node_modules/ink/build/colorize.js';
import { AccessibilityContext } from '../../../node_modules/ink/build/components/AccessibilityContext.js';
import { BackgroundContext } from '../../../node_modules/ink/build/components/BackgroundContext.js';
import type { Props } from '../../../node_modules/ink/build/components/Text.js';

/** What Ink's Text does to each line of its text, for one set of its props. */
function makeTransform(
  dimColor: boolean,
  color: string | undefined,
  background: string | undefined,
  bold: boolean,
  italic: boolean,
  underline: boolean,
  strikethrough: boolean,
  inverse: boolean,
): (text: string) => string {
  return (text) => {
    if (dimColor) text = chalk.dim(text);
    // `colorize` returns the text unchanged when the colour is unset.
    text = colorize(text, color, 'foreground');
    text = colorize(text, background, 'background');
    if (bold) text = chalk.bold(text);
    if (italic) text = chalk.italic(text);
    if (underline) text = chalk.underline(text);
    if (strikethrough) text = chalk.strikethrough(text);
    if (inverse) text = chalk.inverse(text);
    return text;
  };
}

export default function Text({
  color,
  backgroundColor,
  dimColor = false,
  bold = false,
  italic = false,
  underline = false,
  strikethrough = false,
  inverse = false,
  wrap = 'wrap',
  children,
  'aria-label': ariaLabel,
  'aria-hidden': ariaHidden = false,
}: Props): React.JSX.Element | null {
  const { isScreenReaderEnabled } = use(AccessibilityContext);
  const inheritedBackgroundColor = use(BackgroundContext);
  // An explicit backgroundColor, or the nearest parent Text's or Box's.
  const effectiveBackgroundColor = backgroundColor ?? inheritedBackgroundColor;
  const transform = useMemo(
    () => makeTransform(dimColor, color, effectiveBackgroundColor, bold, italic, underline, strikethrough, inverse),
    [dimColor, color, effectiveBackgroundColor, bold, italic, underline, strikethrough, inverse],
  );
  const style = useMemo(() => ({ flexGrow: 0, flexShrink: 1, flexDirection: 'row' as const, textWrap: wrap }), [wrap]);
  const childrenOrAriaLabel = isScreenReaderEnabled && Boolean(ariaLabel) ? ariaLabel : children;
  if (childrenOrAriaLabel === undefined || childrenOrAriaLabel === null || (isScreenReaderEnabled && ariaHidden)) return null;
  const node = React.createElement('ink-text', { style, internal_transform: isScreenReaderEnabled ? undefined : transform }, childrenOrAriaLabel);
  // A Text with no background of its own would provide the one it inherits, which its children
  // read from above it anyway: Ink's provider there is a fiber more for every Text, visited on
  // every render of it, for nothing.
  return backgroundColor === undefined ? node : React.createElement(BackgroundContext, { value: effectiveBackgroundColor }, node);
}
