/**
 * The cell renderer's economy: what one changed cell, an unchanged frame, a colour change and a
 * resize cost in bytes, and the cursor moves it picks. Its correctness against a terminal
 * emulator is test/property/cellRenderer.test.ts.
 */
import { describe, expect, it } from 'vitest';
import logUpdate from '../../src/ui/terminal/cells/logUpdate.js';
import { cursorMove } from '../../src/ui/terminal/cells/paint.js';
import { StyleTable, UNKNOWN_STYLE } from '../../src/ui/terminal/cells/styles.js';

/** A renderer on a stream `columns` wide; with `rows`, a terminal that tall, which a frame of as many rows fills. */
function renderer(columns = 40, rows?: number) {
  const writes: string[] = [];
  const stream = { columns, rows, write: (s: string) => void writes.push(s) };
  const log = logUpdate.create(stream);
  return { log, stream, writes, last: () => writes.at(-1)! };
}

const frame = (...lines: string[]) => lines.join('\n');

describe('cell renderer', () => {
  it('draws the first frame whole, after erasing from its first cell down', () => {
    const r = renderer();
    r.log(frame('CPU 12%', 'MEM 40%'));
    expect(r.writes.join('')).toBe('\u001b[?25l\u001b[m\u001b[JCPU 12%\r\nMEM 40%');
  });

  it('writes nothing for an unchanged frame and only the changed cell otherwise', () => {
    const r = renderer();
    r.log(frame('CPU 12%', 'MEM 40%'));
    const count = r.writes.length;
    expect(r.log(frame('CPU 12%', 'MEM 40%'))).toBe(false);
    expect(r.writes.length).toBe(count);
    r.log(frame('CPU 13%', 'MEM 40%'));
    // From the end of MEM 40%: up one row, to column 6 (CHA is shorter than CR and a move right).
    expect(r.last()).toBe('\u001b[A\u001b[6G3');
  });

  it('writes over a short run of unchanged cells rather than moving past it', () => {
    const r = renderer();
    r.log('abcdefgh');
    r.log('Xbcdefgh');
    r.log('YbZdefgh');
    expect(r.last()).toBe('\rYbZ');
  });

  it('carries the pen: a colour change costs one SGR, and the pen is reset at the end', () => {
    const r = renderer();
    r.log('\u001b[31mab\u001b[39m cd');
    r.log('\u001b[32mab\u001b[39m cd');
    expect(r.last()).toBe('\r\u001b[32mab\u001b[m');
  });

  it('moves a row that climbed with a line edit, and sends none when rows only change in place', () => {
    const names = ['init', 'sshd', 'cron', 'rsyslogd', 'systemd-journald', 'agetty', 'dbus-daemon', 'postgres'];
    const rows = (order: number[], cpu = '1.0') => order.map((pid) => `${String(pid).padStart(7)} ${names[pid - 11]} ${cpu} ${names[pid - 11].repeat(3)}`);
    // The frame is the whole screen (the alternate screen), where line edits shift only its rows.
    const r = renderer(60, 8);
    const order = [11, 12, 13, 14, 15, 16, 17, 18];
    r.log(frame(...rows(order)));
    r.log(frame(...rows(order, '2.0')));
    expect(r.last()).not.toMatch(/\u001b\[\d*[LM]/);
    r.log(frame(...rows([18, 11, 12, 13, 14, 15, 16, 17], '2.0')));
    // From the screen's top-left, reached blind as every frame of the whole screen starts: one
    // line inserted at the top (it pushes the last row off the screen), then that row's cells.
    expect(r.last()).toMatch(/^\u001b\[m\u001b\[H\u001b\[L/);
    expect(r.last().length).toBeLessThan(rows([18])[0].length + 40);
  });

  it('starts each frame of the whole screen at an absolute place with the pen reset, and leaves the cursor at the top-left', () => {
    const r = renderer(10, 2);
    r.log(frame('abc', 'def'));
    r.log(frame('abc', 'dXf'));
    // Another writer may have moved the cursor or left a colour on since the last frame; what it
    // writes at the cursor goes over the first rows, not below the last, where it would scroll.
    expect(r.last()).toBe('\u001b[2;2H\u001b[mX\u001b[H');
    r.log(frame('aYc', 'dXf'));
    expect(r.last()).toBe('\u001b[1;2H\u001b[mY\u001b[H');
  });

  it('clears a frame of the whole screen, and leaves the cursor after it, by absolute moves', () => {
    const r = renderer(10, 2);
    r.log(frame('abc', 'def'));
    // As before a console write or a suspend: from the top-left, wherever another writer left the cursor.
    r.log.clear();
    expect(r.last()).toBe('\u001b[H\u001b[m\u001b[J');
    r.log(frame('abc', 'def'));
    r.log.done();
    expect(r.writes.slice(-2).join('')).toBe('\u001b[2;4H\u001b[?25h');
  });

  it('draws the whole frame again when the size changes', () => {
    const r = renderer(10);
    r.log(frame('abc', 'def'));
    r.stream.columns = 12;
    r.log(frame('abc', 'def'));
    expect(r.last()).toBe('\u001b[A\r\u001b[Jabc\r\ndef');
  });

  it('after reset (a suspend), draws whole from the frame origin', () => {
    const r = renderer();
    r.log(frame('abc', 'def'));
    r.log.reset();
    r.log(frame('abc', 'def'));
    expect(r.last()).toBe('\u001b[m\u001b[Jabc\r\ndef');
  });

  it('after repaint (Ctrl-L), draws the same frame whole from the top-left: cursor hidden, charset and scroll region reset', () => {
    // As tall as the screen: it starts at the screen's top-left, where the cursor is sent blind.
    const r = renderer(10, 2);
    r.log(frame('abc', 'def'));
    expect(r.log(frame('abc', 'def'))).toBe(false);
    r.log.repaint();
    expect(r.log.willRender(frame('abc', 'def'))).toBe(true);
    expect(r.log(frame('abc', 'def'))).toBe(true);
    expect(r.writes.slice(-2).join('')).toBe('\u001b[?25l\u001b(B\u000f\u001b[r\u001b[H\u001b[m\u001b[Jabc\r\ndef\u001b[H');
    // Once: the next same frame writes nothing again.
    expect(r.log(frame('abc', 'def'))).toBe(false);
  });

  it('after repaint, a frame shorter than the screen is drawn whole from where the cursor was left', () => {
    const r = renderer(10);
    r.log(frame('abc', 'def'));
    r.log.repaint();
    r.log(frame('abc', 'def'));
    expect(r.writes.slice(-2).join('')).toBe('\u001b[?25l\u001b(B\u000f\u001b[A\r\u001b[m\u001b[Jabc\r\ndef');
  });

  it('picks the shortest cursor move', () => {
    expect(cursorMove(0, 10, 0, 11, false)).toBe('\u001b[C');
    expect(cursorMove(0, 10, 0, 0, false)).toBe('\r');
    expect(cursorMove(0, 10, 0, 8, false)).toBe('\u001b[9G');
    expect(cursorMove(0, 100, 0, 99, false)).toBe('\u001b[D');
    expect(cursorMove(0, undefined, 0, 150, false)).toBe('\u001b[151G');
    expect(cursorMove(0, 5, 1, 0, false)).toBe('\r\n');
    expect(cursorMove(0, 5, 3, 5, false)).toBe('\u001b[3B');
    expect(cursorMove(3, 5, 1, 5, false)).toBe('\u001b[2A');
  });

  it('changes only what differs between styles, or resets when that is shorter', () => {
    const t = new StyleTable();
    const red = t.intern({ fg: 2, bg: 0, attrs: 0 });
    const boldRed = t.intern({ fg: 2, bg: 0, attrs: 1 });
    const plain = t.intern({ fg: 0, bg: 0, attrs: 0 });
    expect(t.transition(red, boldRed)).toBe('\u001b[1m');
    expect(t.transition(boldRed, plain)).toBe('\u001b[m');
    expect(t.transition(UNKNOWN_STYLE, red)).toBe('\u001b[0;31m');
  });
});
