/**
 * `top --record` in tmux: the screen records through the same writer as the agent, goes on
 * recording while paused (the store's frozen screen does not stop the recorder), and quitting
 * closes the database cleanly (lock released, integrity_check ok).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { historyDir, integrity, sampleCount, until } from './agent-helpers.js';
import { appBuilt, haveTmux, smoothtaskBin, TmuxSession } from './tmux.js';

let session: TmuxSession | undefined;
afterEach(() => {
  session?.kill();
  session = undefined;
});

describe.skipIf(!appBuilt || !haveTmux)('smoothtask top --record', () => {
  it('records while the screen is open, paused or not, and closes the database on quit', { timeout: 60_000 }, async () => {
    const dir = historyDir();
    const db = join(dir, 'history.db');
    session = TmuxSession.start([smoothtaskBin, 'top', '--record', '--db', db, '--interval', '500ms'], { cols: 120, rows: 40, env: { HOME: dir } });
    await until(() => sampleCount(db) >= 2, 20_000, 'samples from top');
    session.sendKeys('p');
    const paused = sampleCount(db);
    await until(() => sampleCount(db) >= paused + 2, 10_000, 'samples while paused');
    session.sendKeys('q');
    await session.waitFor(/EXITED:0/);
    expect(existsSync(`${db}.lock`)).toBe(false);
    expect(integrity(db)).toBe('ok');
  });
});
