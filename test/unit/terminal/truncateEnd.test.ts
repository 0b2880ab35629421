/**
 * The bundle's end cut of one-column text (src/ui/terminal/truncateEnd.ts, put in front of
 * cli-truncate by scripts/bundle/cli-truncate-fast.mjs) draws the cells cli-truncate's cut draws:
 * checked on random styled text through the cell parser, for the text it hands on, and once
 * bundled as scripts/bundle.sh bundles it, where it makes no segmenter.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import cliTruncate from 'cli-truncate';
import { build } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellGrid } from '../../../src/ui/terminal/cells/grid.js';
import { FrameParser } from '../../../src/ui/terminal/cells/parse.js';
import { truncateOneColumnEnd } from '../../../src/ui/terminal/truncateEnd.js';
import { ONE_COLUMN_RANGES } from '../../../src/util/oneColumn.js';
// @ts-expect-error plain JavaScript module of the bundle step, without type declarations
import { withOneColumnEndCut } from '../../../scripts/bundle/cli-truncate-fast.mjs';
import { countSegmenters } from '../../helpers/segmenters.js';

type Truncate = (text: string, columns: number, options?: object) => string;
const fast = (withOneColumnEndCut as (slow: Truncate) => Truncate)(cliTruncate);

/** The cells a line draws, as the cell renderer parses it (from the default style). */
function cells(line: string): string {
  const parser = new FrameParser();
  const grid = new CellGrid(120, 1);
  const end = parser.parseLine(line, grid, 0, { fg: 0, bg: 0, attrs: 0 });
  const out: string[] = [];
  for (let x = 0; x < end; x++) {
    const style = parser.styles.get(grid.styles[x]);
    out.push(`${grid.glyphs[x]}/${grid.widths[x]}/${style.fg}.${style.bg}.${style.attrs}`);
  }
  return out.join(' ');
}

const oneColumnChar = fc.constantFrom(...ONE_COLUMN_RANGES).chain(([from, to]) => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c)));
const sgr = fc
  .constantFrom('0', '1', '22', '2', '3', '23', '4', '24', '7', '27', '31', '39', '42', '49', '38;5;208', '48;2;10;20;30', '90', '1;4;35', '')
  .map((params) => `\u001b[${params}m`);
const styledOneColumn = fc
  .array(fc.oneof({ weight: 4, arbitrary: oneColumnChar }, { weight: 1, arbitrary: sgr }), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** Bold and dim, the two attributes that SGR 22 ends together. */
const BOLD_AND_DIM = 3;

/** Whether a cell of `text` is both bold and dim. */
function boldAndDim(text: string): boolean {
  return cells(text)
    .split(' ')
    .some((cell) => cell !== '' && (Number(cell.split('.').at(-1)) & BOLD_AND_DIM) === BOLD_AND_DIM);
}

describe('truncateOneColumnEnd', () => {
  it("draws cli-truncate's cells for styled one-column text, at every width", () => {
    fc.assert(
      fc.property(styledOneColumn, fc.integer({ min: -2, max: 70 }), (text, columns) => {
        // cli-truncate's cut keeps one of two open styles that end with the same code (slice-ansi
        // keys them by it): of bold and dim, the one opened last. The next test has that case.
        fc.pre(!boldAndDim(text));
        const ours = truncateOneColumnEnd(text, columns);
        expect(ours).toBeDefined();
        expect(cells(ours!)).toBe(cells(cliTruncate(text, columns, { position: 'end' })));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps text that is both bold and dim so when it cuts it, as a terminal draws it (cli-truncate keeps one)', () => {
    for (const text of ['\u001b[2m\u001b[1mabcdef', '\u001b[1m\u001b[2m      ']) {
      const ours = truncateOneColumnEnd(text, 3)!;
      const kept = cells(ours).split(' ');
      expect(kept).toHaveLength(3);
      // Every cell, the ellipsis too, in the style the uncut text's cells have.
      const style = cells(text).split(' ')[0].split('/').at(-1);
      for (const cell of kept) expect(cell.split('/').at(-1)).toBe(style);
      expect(boldAndDim(ours)).toBe(true);
      expect(boldAndDim(cliTruncate(text, 3, { position: 'end' }))).toBe(false);
    }
  });

  it('hands on text outside the set, escapes other than SGR and fractional widths', () => {
    for (const text of [
      '日本語のテキスト',
      'e\u0301 combining mark here',
      'emoji 😀 in a long line',
      '\u001b]8;;http://x\u0007link\u001b]8;;\u0007 long',
      '\u001b[2Kerase',
    ]) {
      expect(truncateOneColumnEnd(text, 4), JSON.stringify(text)).toBeUndefined();
    }
    expect(truncateOneColumnEnd('plain text', 4.5)).toBeUndefined();
  });

  it('in front of cli-truncate, gives its answer for any text and option', () => {
    const anyText = fc
      .array(fc.oneof(oneColumnChar, sgr, fc.constantFrom('日', '😀', 'e\u0301', '\u001b]0;t\u0007')), { maxLength: 30 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(
        anyText,
        fc.integer({ min: -1, max: 40 }),
        fc.constantFrom(undefined, { position: 'end' as const }, { position: 'start' as const }, { position: 'middle' as const }),
        (text, columns, options) => {
          expect(cells(fast(text, columns, options))).toBe(cells(cliTruncate(text, columns, options)));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('cli-truncate-fast, bundled', () => {
  it('cuts one-column text without a segmenter, and hands the rest to cli-truncate', async () => {
    const wrapper = new URL('../../../scripts/bundle/cli-truncate-fast.mjs', import.meta.url).pathname;
    const out = await build({ entryPoints: [wrapper], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
    const dir = mkdtempSync(join(tmpdir(), 'st-cli-truncate-'));
    try {
      const file = join(dir, 'cli-truncate-fast.bundle.mjs');
      writeFileSync(file, out.outputFiles[0].text);
      const count = countSegmenters();
      const bundled = (await import(pathToFileURL(file).href)).default as Truncate;
      const line = '\u001b[34mGPU\u001b[39m: n/a — nvml: libnvidia-ml.so.1 not found (no NVIDIA driver)';
      expect(bundled(line, 30, { position: 'end' })).toBe(truncateOneColumnEnd(line, 30));
      expect(count.made).toBe(0);
      expect(bundled('日本語のテキスト', 5, { position: 'end' })).toBe(cliTruncate('日本語のテキスト', 5, { position: 'end' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
