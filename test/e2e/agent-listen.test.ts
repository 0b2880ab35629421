/**
 * One headless process for a server: `smoothtask agent --listen` records history and serves
 * /metrics at once, from the same samples; SIGTERM stops both and exits 0.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/prometheus.js';
import { agentEnv, historyDir, sampleCount, startAgent, until } from './agent-helpers.js';
import { appBuilt } from './tmux.js';

describe.skipIf(!appBuilt)('smoothtask agent --listen', () => {
  it('records and serves /metrics from the same process', { timeout: 60_000 }, async () => {
    const dir = historyDir();
    const db = join(dir, 'history.db');
    const port = await freePort();
    const agent = startAgent(db, ['--listen', `127.0.0.1:${port}`, '--interval', '500ms'], agentEnv(dir));
    try {
      await until(() => agent.stderr().includes(`serving metrics at http://127.0.0.1:${port}/metrics`), 20_000, 'the agent to listen');
      await until(() => sampleCount(db) >= 2, 20_000, 'two samples recorded');
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toMatch(/^node_cpu_seconds_total\{cpu="0",mode="idle"\} \d/m);
      expect(body).toMatch(/^smoothtask_collector_success\{collector="processes",backend="[a-z]+"\} 1$/m);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      agent.child.kill('SIGTERM');
    }
    expect(await agent.exited).toBe(0);
    expect(agent.stderr()).toMatch(/SIGTERM: stopped; \d+ samples written/);
  });
});
