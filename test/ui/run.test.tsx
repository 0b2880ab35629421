/**
 * runScreen on a fake terminal: the alternate screen, q, a signal, the byte counter's file, and
 * Ctrl-L's redraw into a terminal emulator. (Real terminals are driven through tmux by the
 * end-to-end tests.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/store/store.js';
import { runScreen } from '../../src/ui/run.js';
import { emulator, screenCells, writeTo } from '../helpers/emulator.js';
import { FakeStdin, FakeStdout, tick, until } from './helpers/render.js';
import { testSnapshot } from './helpers/snapshots.js';

class TtyStdout extends FakeStdout {
  isTTY = true;
}

function start(env: Record<string, string> = {}) {
  const stdout = new TtyStdout(100, 30);
  const stdin = new FakeStdin();
  const store = new Store(10);
  store.publish(testSnapshot());
  let quits = 0;
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const done = runScreen({
    store,
    intervalMs: 1000,
    color: 'none',
    ascii: false,
    onQuit: () => {
      quits += 1;
    },
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });
  return { stdout, stdin, store, done, quits: () => quits, all: () => stdout.frames.join('') };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('runScreen', () => {
  it('draws on the alternate screen, quits on q, restores the terminal and reports bytes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'st-run-')), 'bytes.jsonl');
    const t = start({ SMOOTHTASK_BYTES_FILE: file });
    await until(() => t.all().includes('testhost'));
    expect(t.all()).toContain('\x1b[?1049h');
    t.store.publish(testSnapshot());
    await tick(50);
    t.stdin.write('q');
    await t.done;
    expect(t.quits()).toBe(1);
    const out = t.all();
    expect(out.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(out.lastIndexOf('testhost'));
    expect(out.endsWith('\x1b[?25h')).toBe(true);
    const totals = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1)!) as { bytes: number; refreshes: number; frames: number };
    expect(totals.bytes).toBeGreaterThan(1000);
    expect(totals.refreshes).toBe(1);
    expect(totals.frames).toBeGreaterThan(0);
  });

  it('Ctrl-L draws the whole frame again over what other output wrote on the terminal', async () => {
    const t = start();
    await until(() => t.all().includes('testhost'));
    await tick(100);
    const term = emulator(100, 30);
    await writeTo(term, t.all());
    const shown = screenCells(term);
    // A message written to the terminal from outside: text, a charset switched, a colour left on.
    await writeTo(term, '\x1b[5;5HBroadcast message from root\x1b(0lqqk\x1b[31m\r\nover the frame');
    expect(screenCells(term)).not.toEqual(shown);
    const before = t.stdout.frames.length;
    t.stdin.write('\x0c');
    await until(() => t.stdout.frames.slice(before).join('').includes('testhost'));
    await tick(100);
    await writeTo(term, t.stdout.frames.slice(before).join(''));
    expect(screenCells(term)).toEqual(shown);
    t.stdin.write('q');
    await t.done;
  });

  it('on SIGTERM restores the terminal, calls onQuit and exits with 143', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const t = start();
    await until(() => t.all().includes('testhost'));
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit).toHaveBeenCalledWith(143);
    expect(t.quits()).toBe(1);
    expect(t.all().endsWith('\x1b[?25h')).toBe(true);
    expect(process.listeners('SIGTERM').length).toBeLessThanOrEqual(1);
    await t.done;
  });
});
