// Stands in for Ink's renderer.js (ink/build/renderer.js, Ink 8.0.0), which turns the laid-out tree
// into the frame's text, in the bundle and the tests (ink-cell-renderer.mjs maps Ink's import).
// What changes (bench/README.md, issue #15): Ink builds a new Output per frame, and with it empty
// caches of each text's styled characters and widths, so every line of every frame is tokenized
// and measured again; here the caches belong to the root node and last across frames (they start
// over past CACHE_LIMIT entries). And Output.get() filled a width x height grid with a new blank
// cell object each and turned every row back into a string; KeptOutput starts rows from one shared
// blank cell (Ink never mutates a cell, it replaces it) and reuses a row's string when its cells
// are the same objects as the last frame's. Its applyWriteOperation split every text into lines
// by turning its styled characters back into strings, every frame; KeptOutput keeps each text's
// lines in the caches too (bench/README.md, 'Lines kept across frames'). The rest is Ink's code.
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import Yoga from 'yoga-layout';
import Output from '../../node_modules/ink/build/output.js';
import renderNodeToOutput, { renderNodeToScreenReaderOutput } from '../../node_modules/ink/build/render-node-to-output.js';

/** Entries (texts seen) after which a root's caches start over: bounded memory for a long run. */
export const CACHE_LIMIT = 20_000;

/**
 * Styled characters (one object each, with its styles array) after which a root's caches start
 * over, whatever the number of texts: about four 200x50 frames of text that never repeats. A
 * count of texts alone did not bound memory: under a churn of 1,000 processes a second every row
 * was new, and 20,000 cached rows held 765,000 characters, about 130 MB (bench/README.md, Soak).
 */
export const STYLED_CHAR_LIMIT = 40_000;

/** Ink's filter: a standalone invisible character takes no cell. One object, not one per character tested. */
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}+$/u;

/**
 * Ink's getStyledChars, counting the styled characters `caches` holds as it tokenizes new texts
 * (`styledCharCount`), with its regular expression made once (Ink's literal made a RegExp for
 * every character of every new text).
 */
function counting(caches) {
  caches.styledCharCount = 0;
  caches.getStyledChars = (line) => {
    let chars = caches.styledChars.get(line);
    if (chars === undefined) {
      chars = styledCharsFromTokens(tokenize(line)).filter((character) => !IGNORABLE.test(character.value));
      caches.styledChars.set(line, chars);
      caches.styledCharCount += chars.length;
    }
    return chars;
  };
  return caches;
}

/** Give `caches` the lines of each text, as Ink's applyWriteOperation splits it (`linesOf`). */
function withLines(caches) {
  caches.lines = new Map();
  caches.linesOf = (text) => {
    let lines = caches.lines.get(text);
    if (lines === undefined) {
      // Ink's split: styles carry across explicit newlines.
      const characterLines = [[]];
      for (const character of caches.getStyledChars(text)) {
        if (character.value === '\n') characterLines.push([]);
        else characterLines.at(-1).push(character);
      }
      lines = Object.freeze(characterLines.map((line) => styledCharsToString(line)));
      caches.lines.set(text, lines);
    }
    return lines;
  };
  return caches;
}

/** The caches of the root `node`, kept on it; a fresh Output's when there are none or they hold too much. */
function keptCaches(node, output) {
  const kept = node.smoothtaskOutputCaches;
  if (
    kept !== undefined &&
    kept.styledCharCount <= STYLED_CHAR_LIMIT &&
    kept.styledChars.size + kept.widths.size + kept.blockWidths.size + kept.lines.size <= CACHE_LIMIT
  )
    return kept;
  node.smoothtaskOutputCaches = withLines(counting(output.caches));
  node.smoothtaskOutputRows = undefined;
  return node.smoothtaskOutputCaches;
}

// Ink's output.js: nested clips intersect (an undefined bound is unbounded on that edge).
const intersectBound = (a, b, tighter) => (a === undefined ? b : b === undefined ? a : tighter(a, b));
const intersectClips = (outer, inner) =>
  outer
    ? {
        x1: intersectBound(outer.x1, inner.x1, Math.max),
        x2: intersectBound(outer.x2, inner.x2, Math.min),
        y1: intersectBound(outer.y1, inner.y1, Math.max),
        y2: intersectBound(outer.y2, inner.y2, Math.min),
      }
    : inner;

const BLANK = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });

// Ink's output.js: a partly visible wide character becomes a space that keeps its styles; a clip
// can be empty.
const blankCell = (cell) => ({ ...cell, value: ' ', fullWidth: false });
const isClipEmpty = (clip) =>
  (clip.x1 !== undefined && clip.x2 !== undefined && clip.x1 >= clip.x2) || (clip.y1 !== undefined && clip.y2 !== undefined && clip.y1 >= clip.y2);

/** Ink's Output with get() reusing the last frame's row strings, kept on the root node. */
class KeptOutput extends Output {
  constructor(options, node) {
    super(options);
    this.node = node;
  }

  // Ink's applyWriteOperation, with the text's lines from the caches (caches.linesOf) instead of
  // split anew. The lines are never changed in place: clipping makes new arrays.
  applyWriteOperation(output, operation, clip) {
    const { text, transformers } = operation;
    let { x, y } = operation;
    let lines = this.caches.linesOf(text);
    if (clip) {
      if (isClipEmpty(clip)) return;
      const shouldClipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
      const shouldClipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
      if (shouldClipHorizontally) {
        const width = this.caches.getWidestLine(text);
        if (x + width < clip.x1 || x > clip.x2) return;
      }
      if (shouldClipVertically) {
        const height = lines.length;
        if (y + height < clip.y1 || y > clip.y2) return;
      }
      if (shouldClipHorizontally) {
        lines = lines.map((line) => {
          const from = x < clip.x1 ? clip.x1 - x : 0;
          const width = this.caches.getStringWidth(line);
          const to = x + width > clip.x2 ? clip.x2 - x : width;
          return this.sliceLineToColumns(line, from, to);
        });
        if (x < clip.x1) x = clip.x1;
      }
      if (shouldClipVertically) {
        const from = y < clip.y1 ? clip.y1 - y : 0;
        const height = lines.length;
        const to = y + height > clip.y2 ? clip.y2 - y : height;
        lines = lines.slice(from, to);
        if (y < clip.y1) y = clip.y1;
      }
    }
    for (let index = 0; index < lines.length; index++) {
      let line = lines[index];
      const currentLine = output[y + index];
      if (!currentLine) continue;
      for (const transformer of transformers) line = transformer(line, index + y - operation.y);
      const characters = this.caches.getStyledChars(line);
      if (characters.length === 0) continue;
      let offsetX = x;
      if (currentLine[offsetX]?.value === '' && offsetX > 0 && this.caches.getStringWidth(currentLine[offsetX - 1]?.value ?? '') > 1) {
        currentLine[offsetX - 1] = blankCell(currentLine[offsetX - 1]);
      }
      for (const character of characters) {
        currentLine[offsetX] = character;
        const characterWidth = Math.max(1, this.caches.getStringWidth(character.value));
        if (characterWidth > 1) {
          for (let offset = 1; offset < characterWidth; offset++) {
            currentLine[offsetX + offset] = { type: 'char', value: offsetX < 0 ? ' ' : '', fullWidth: false, styles: character.styles };
          }
        }
        offsetX += characterWidth;
      }
      if (currentLine[offsetX]?.value === '') currentLine[offsetX] = blankCell(currentLine[offsetX]);
    }
  }

  get() {
    const output = [];
    for (let y = 0; y < this.height; y++) output.push(new Array(Math.ceil(this.width)).fill(BLANK));
    const clips = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') clips.push(intersectClips(clips.at(-1), operation.clip));
      else if (operation.type === 'unclip') clips.pop();
      else this.applyWriteOperation(output, operation, clips.at(-1));
    }
    const last = this.node.smoothtaskOutputRows;
    const strings = output.map((line, y) => {
      const before = last?.cells[y];
      if (before !== undefined && before.length === line.length && line.every((cell, x) => cell === before[x])) return last.strings[y];
      // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
      return styledCharsToString(line.filter((item) => item !== undefined)).trimEnd();
    });
    this.node.smoothtaskOutputRows = { cells: output, strings };
    return { output: strings.join('\n'), height: output.length };
  }
}

const getVisibleStaticNode = (node) => {
  for (let ancestor = node; ancestor; ancestor = ancestor.parentNode) {
    if (ancestor.yogaNode?.getDisplay() === Yoga.DISPLAY_NONE) {
      return undefined;
    }
  }
  return node;
};

const renderer = (node, isScreenReaderEnabled) => {
  if (node.yogaNode) {
    const staticNode = getVisibleStaticNode(node.staticNode);
    if (isScreenReaderEnabled) {
      const output = renderNodeToScreenReaderOutput(node, { skipStaticElements: true });
      const outputHeight = output === '' ? 0 : output.split('\n').length;
      let staticOutput = '';
      if (staticNode) {
        staticOutput = renderNodeToScreenReaderOutput(staticNode, { skipStaticElements: false });
      }
      return { output, outputHeight, staticOutput: staticOutput === '' ? '' : `${staticOutput}\n` };
    }
    const output = new KeptOutput({ width: node.yogaNode.getComputedWidth(), height: node.yogaNode.getComputedHeight() }, node);
    output.caches = keptCaches(node, output);
    renderNodeToOutput(node, output, { skipStaticElements: true });
    let staticOutput;
    if (staticNode?.yogaNode) {
      const { yogaNode } = staticNode;
      staticOutput = new Output({
        width: yogaNode.getComputedLeft() + yogaNode.getComputedWidth() + yogaNode.getComputedMargin(Yoga.EDGE_RIGHT),
        height: yogaNode.getComputedTop() + yogaNode.getComputedHeight() + yogaNode.getComputedMargin(Yoga.EDGE_BOTTOM),
      });
      renderNodeToOutput(staticNode, staticOutput, { skipStaticElements: false });
    }
    const { output: generatedOutput, height: outputHeight } = output.get();
    return {
      output: generatedOutput,
      outputHeight,
      staticOutput: staticOutput && staticOutput.height > 0 ? `${staticOutput.get().output}\n` : '',
    };
  }
  return { output: '', outputHeight: 0, staticOutput: '' };
};

export default renderer;
