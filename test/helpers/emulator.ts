/**
 * @xterm/headless as the oracle of what a terminal shows: the cell renderer's tests write its
 * bytes into one and compare its screen, cell by cell and style by style, with another that was
 * sent the whole frame.
 */
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';

const { Terminal } = xterm;
export type Term = InstanceType<typeof Terminal>;

/** An emulator with Unicode 11 widths (emoji two columns), as tmux and today's terminals have. */
export function emulator(cols: number, rows: number): Term {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  term.loadAddon(new unicode11.Unicode11Addon());
  term.unicode.activeVersion = '11';
  return term;
}

/** Writes `data` and waits until the emulator has taken it in. */
export const writeTo = (term: Term, data: string) => new Promise<void>((resolve) => term.write(data, resolve));

/** The screen's cells, a row a string: each cell's characters, width, colours and attributes. */
export function screenCells(term: Term): string[] {
  const buffer = term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y)!;
    const row: string[] = [];
    for (let x = 0; x < term.cols; x++) {
      const c = line.getCell(x)!;
      if (c.getWidth() === 0) continue;
      row.push(
        [
          c.getChars() || ' ',
          c.getWidth(),
          c.getFgColorMode(),
          c.getFgColor(),
          c.getBgColorMode(),
          c.getBgColor(),
          c.isBold(),
          c.isDim(),
          c.isItalic(),
          c.isUnderline(),
          c.isBlink(),
          c.isInverse(),
          c.isInvisible(),
          c.isStrikethrough(),
          c.isOverline(),
        ].join('/'),
      );
    }
    rows.push(row.join(' | '));
  }
  return rows;
}
