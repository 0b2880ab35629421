/**
 * A recording replayed in a real terminal: the agent records this machine with a process the test
 * starts, then `smoothtask replay` in tmux opens at the last sample with REPLAY in the header,
 * shows the process in the table, and the time keys move through the recording ([ steps back,
 * as they do in a paused `top`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentEnv, historyDir, sampleCount, startAgent, until } from './agent-helpers.js';
import { appBuilt, smoothtaskBin, TmuxSession } from './tmux.js';

let session: TmuxSession | undefined;
afterEach(() => {
  session?.kill();
  session = undefined;
});

const REPLAY = /REPLAY \d{4}-\d\d-\d\d (\d\d):(\d\d):(\d\d) of /;
const secondsOf = (screen: string): number | undefined => {
  const m = REPLAY.exec(screen);
  return m === null ? undefined : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
};

describe.skipIf(!appBuilt)('smoothtask replay', () => {
  it('replays what the agent recorded, and moves through it with the time keys', { timeout: 90_000 }, async () => {
    const dir = historyDir();
    const db = join(dir, 'history.db');
    const env = agentEnv(dir);
    // A process with a name of its own, alive while the agent records.
    const marker = spawn('bash', ['-c', 'exec -a replay-marker sleep 60'], { stdio: 'ignore' });
    const agent = startAgent(db, ['--interval', '1s'], env);
    try {
      await until(() => sampleCount(db) >= 6, 40_000, 'six samples recorded');
    } finally {
      agent.child.kill('SIGTERM');
      marker.kill('SIGKILL');
    }
    expect(await agent.exited).toBe(0);

    session = TmuxSession.start([smoothtaskBin, 'replay', '--db', db], { cols: 200, rows: 50, env: { HOME: dir, XDG_STATE_HOME: join(dir, 'state') } });
    const first = await session.waitFor(REPLAY, 20_000);
    const last = secondsOf(first)!;
    session.sendKeys('/');
    session.sendKeys('replay-marker');
    await session.waitFor(/replay-marker|sleep 60/, 10_000);
    session.sendKeys('Enter');

    session.sendKeys('[');
    session.sendKeys('[');
    const back = await session.waitFor((s) => (secondsOf(s) ?? last) < last, 10_000);
    expect(last - secondsOf(back)!).toBeGreaterThanOrEqual(1);
  });
});
