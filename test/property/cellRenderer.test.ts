/**
 * The cell renderer against a real terminal emulator (@xterm/headless) as the oracle: random
 * sequences of frames (wide CJK, emoji, combining marks, named, 256 and direct colours, every
 * attribute, pure ASCII as under --ascii, resizes between frames) go through the renderer into one
 * emulator; after every frame its screen must equal, cell by cell and style by style, a fresh
 * emulator that was sent the whole frame.
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import logUpdate from '../../src/ui/terminal/cells/logUpdate.js';
import { emulator, screenCells as cells, writeTo as write } from '../helpers/emulator.js';

const ASCII = [...'abcdefghijklmnopqrstuvwxyz0123456789 %.:-=+*#@|/'];
const UNICODE = [...ASCII, ...'─│┌┐└┘├█▒░▏⣿⡀⠁↑↓°µ·…', 'ü', 'ñ', 'e\u0301', 'a\u0308\u0323', '中', '文', '字', '한', 'ｶ', '😀', '🚀', '🔥'];

const colour = (base: number) =>
  fc.oneof(
    fc.constant(String(base + 9)),
    fc.integer({ min: 0, max: 7 }).map((n) => String(base + n)),
    fc.integer({ min: 0, max: 7 }).map((n) => String(base + 60 + n)),
    fc.integer({ min: 0, max: 255 }).map((n) => `${base + 8};5;${n}`),
    fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([r, g, b]) => `${base + 8};2;${r};${g};${b}`),
  );
const attribute = fc.constantFrom('0', '1', '2', '3', '4', '5', '7', '8', '9', '22', '23', '24', '27', '29', '53', '55');
const sgr = fc.array(fc.oneof(colour(30), colour(40), attribute), { maxLength: 3 }).map((p) => (p.length === 0 ? '' : `\u001b[${p.join(';')}m`));

/** A frame's lines as Ink writes them: styled runs, each line at most `columns` wide. */
function frame(columns: number, rows: number, alphabet: string[]) {
  const segment = fc.tuple(sgr, fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }));
  return fc.array(fc.array(segment, { maxLength: 8 }), { minLength: rows, maxLength: rows }).map((lines) =>
    lines.map((segments) => {
      let width = 0;
      let line = '';
      for (const [style, chars] of segments) {
        line += style;
        for (const c of chars) {
          const w = stringWidth(c);
          if (width + w > columns) break;
          width += w;
          line += c;
        }
      }
      return line;
    }),
  );
}

interface Step {
  columns: number;
  rows: number;
  lines: string[];
}

const sizes = fc.record({ columns: fc.integer({ min: 4, max: 30 }), rows: fc.integer({ min: 2, max: 8 }) });
const steps = (alphabet: string[]) =>
  fc.array(
    sizes.chain(({ columns, rows }) =>
      fc.array(frame(columns, rows, alphabet), { minLength: 1, maxLength: 4 }).map((frames) => frames.map((lines) => ({ columns, rows, lines }))),
    ),
    { minLength: 1, maxLength: 3 },
  );

/**
 * Frames whose rows move, as a sorted table's do: each frame after the first takes the last one's
 * lines, moves some of them elsewhere and replaces a few.
 */
const moving = (alphabet: string[]) =>
  sizes.chain(({ columns, rows }) =>
    fc
      .tuple(
        frame(columns, rows, alphabet),
        fc.array(
          fc.tuple(
            fc.array(fc.tuple(fc.nat(rows - 1), fc.nat(rows - 1)), { maxLength: 3 }),
            fc.array(fc.tuple(fc.nat(rows - 1), frame(columns, 1, alphabet)), { maxLength: 2 }),
          ),
          { minLength: 1, maxLength: 5 },
        ),
      )
      .map(([start, changes]) => {
        const frames = [start];
        for (const [moves, replacements] of changes) {
          const lines = [...frames[frames.length - 1]];
          for (const [from, to] of moves) lines.splice(to, 0, ...lines.splice(from, 1));
          for (const [row, [line]] of replacements) lines[row] = line;
          frames.push(lines);
        }
        return [frames.map((lines) => ({ columns, rows, lines }))];
      }),
  );

const oneSize = (alphabet: string[]) =>
  sizes.chain(({ columns, rows }) =>
    fc.array(frame(columns, rows, alphabet), { minLength: 1, maxLength: 6 }).map((frames) => [frames.map((lines) => ({ columns, rows, lines }))]),
  );

/** The screen a terminal shows after the whole frame was written to it (its lines CR LF apart). */
async function reference(step: Step, text: string, alternate: boolean): Promise<string[]> {
  const term = emulator(step.columns, step.rows + (alternate ? 0 : 3));
  await write(term, (alternate ? '\u001b[?1049h' : '') + text.replaceAll('\n', '\r\n'));
  const screen = cells(term);
  term.dispose();
  return screen;
}

async function check(sequence: Step[][], alternate: boolean) {
  const first = sequence[0][0];
  const extra = alternate ? 0 : 3;
  const term = emulator(first.columns, first.rows + extra);
  // In the alternate screen the frame is the whole screen, as `top`'s is: rows that moved go by line edits.
  const stream = { columns: first.columns, rows: alternate ? first.rows : undefined, write: (s: string) => void term.write(s) };
  if (alternate) await write(term, '\u001b[?1049h');
  const log = logUpdate.create(stream);
  for (const frames of sequence) {
    for (const step of frames) {
      if (step.columns !== stream.columns || step.rows + extra !== term.rows) {
        // As Ink does on a resize: a narrower terminal is cleared first.
        if (step.columns < stream.columns) log.clear();
        term.resize(step.columns, step.rows + extra);
        stream.columns = step.columns;
        if (alternate) stream.rows = step.rows;
      }
      const text = step.lines.join('\n') + (alternate ? '' : '\n');
      log(text);
      await write(term, '');
      expect(cells(term)).toEqual(await reference(step, text, alternate));
    }
  }
  term.dispose();
}

/**
 * What another writer to the terminal leaves on it: text over the frame, line feeds that scroll,
 * cursor moves, colours left on, a charset switched (as a binary printed does), a scroll region,
 * an erase.
 */
function stray(columns: number, rows: number) {
  const piece = fc.oneof(
    fc.array(fc.constantFrom(...UNICODE), { minLength: 1, maxLength: 20 }).map((chars) => chars.join('')),
    fc.constantFrom('\r\n', '\n', '\u001b(0', '\u000e', '\u001b)0', '\u001b[2J', '\u001b[?25h', 'lqqk'),
    sgr,
    fc.tuple(fc.integer({ min: 1, max: rows }), fc.integer({ min: 1, max: columns })).map(([r, c]) => `\u001b[${r};${c}H`),
    fc.tuple(fc.integer({ min: 1, max: rows }), fc.integer({ min: 1, max: rows })).map(([a, b]) => `\u001b[${Math.min(a, b)};${Math.max(a, b)}r`),
  );
  return fc.array(piece, { minLength: 1, maxLength: 12 }).map((pieces) => pieces.join(''));
}

/** Output from elsewhere that writes no cell: cursor moves and a colour or attribute left on. */
function moves(columns: number, rows: number) {
  const piece = fc.oneof(
    sgr,
    fc.tuple(fc.integer({ min: 1, max: rows }), fc.integer({ min: 1, max: columns })).map(([r, c]) => `\u001b[${r};${c}H`),
    fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom('A', 'B', 'C', 'D')).map(([n, d]) => `\u001b[${n}${d}`),
    fc.constant('\r'),
  );
  return fc.array(piece, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(''));
}

/** A frame of the alternate screen, with output from elsewhere written before it or not. */
interface Disturbed {
  lines: string[];
  junk?: string;
  /** Ctrl-L after the junk, and the frame drawn last drawn again rather than `lines`. */
  repaint?: { again: boolean };
}

/** One size of alternate screen, and frames on it, each after output from elsewhere or not. */
const disturbed = (junk: (columns: number, rows: number) => fc.Arbitrary<string>, repaint: boolean) =>
  sizes.chain(({ columns, rows }) =>
    fc
      .array(
        fc
          .record({ lines: frame(columns, rows, UNICODE), junk: fc.option(junk(columns, rows), { nil: undefined }), again: fc.boolean() })
          .map(({ lines, junk, again }): Disturbed => ({ lines, junk, repaint: repaint && junk !== undefined ? { again } : undefined })),
        { minLength: 2, maxLength: 6 },
      )
      .map((steps) => ({ columns, rows, steps })),
  );

/** After each frame, the emulator's screen must equal that frame drawn whole on a fresh one. */
async function checkDisturbed({ columns, rows, steps }: { columns: number; rows: number; steps: Disturbed[] }) {
  const term = emulator(columns, rows);
  const stream = { columns, rows, write: (s: string) => void term.write(s) };
  await write(term, '\u001b[?1049h');
  const log = logUpdate.create(stream);
  let last = '';
  for (const { lines, junk, repaint } of steps) {
    if (junk !== undefined) await write(term, junk);
    if (repaint !== undefined) log.repaint();
    // A last line left empty would read as a trailing newline: a frame shorter than the screen.
    const text = repaint?.again === true && last !== '' ? last : [...lines.slice(0, -1), lines.at(-1) || ' '].join('\n');
    log(text);
    await write(term, '');
    expect(cells(term)).toEqual(await reference({ columns, rows, lines: text.split('\n') }, text, true));
    last = text;
  }
  term.dispose();
}

describe('cell renderer against @xterm/headless', () => {
  it('after output from elsewhere moved the cursor or left a colour on, the next frame still lands where it belongs', async () => {
    await fc.assert(fc.asyncProperty(disturbed(moves, false), checkDisturbed), { numRuns: 150 });
  });

  it('after stray output and a repaint (Ctrl-L), the screen equals the frame drawn whole', async () => {
    await fc.assert(fc.asyncProperty(disturbed(stray, true), checkDisturbed), { numRuns: 150 });
  });

  it('a frame drawn by differences equals the frame drawn whole (alternate screen, Unicode)', async () => {
    await fc.assert(
      fc.asyncProperty(steps(UNICODE), (s) => check(s, true)),
      { numRuns: 150 },
    );
  });

  it('the same with ASCII only (--ascii)', async () => {
    await fc.assert(
      fc.asyncProperty(steps(ASCII), (s) => check(s, true)),
      { numRuns: 100 },
    );
  });

  it('the same when rows move between frames, as a sorted table does (line edits)', async () => {
    await fc.assert(
      fc.asyncProperty(moving(UNICODE), (s) => check(s, true)),
      { numRuns: 200 },
    );
  });

  it('the same for a frame with a trailing newline below other text (the primary screen)', async () => {
    await fc.assert(
      fc.asyncProperty(oneSize(UNICODE), (s) => check(s, false)),
      { numRuns: 100 },
    );
  });
});
