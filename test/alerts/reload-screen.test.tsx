/**
 * A refused config reload, end to end: a real config file in a temporary folder, the runtime
 * `top` starts (Monitor on the real /proc, alert runtime, config watch), and the screen drawn from
 * its store as runTop draws it. A malformed rule written to the file shows in the alert panel on
 * the next tick, with no alert active; a fixed file clears it, and the panel goes away.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { App } from '../../src/ui/App.js';
import { AlertPanel } from '../../src/ui/panels/AlertPanel.js';
import { Providers } from '../../src/ui/Providers.js';
import { plain } from '../ui/helpers/frame.js';
import { renderInTerminal, until } from '../ui/helpers/render.js';

const env = { HOME: '/nonexistent', PATH: process.env.PATH } as NodeJS.ProcessEnv;

/** A rule no machine here trips: nothing but the reload error can open the alert panel. */
const config = (threshold: string) => `[log]
level = "silent"
[notifications]
desktop = false
[alerts]
default_rules = false
[[alerts.rules]]
name = "never"
metric = "memory.available_percent"
op = "<"
threshold = ${threshold}
`;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('a refused config reload on screen', () => {
  it('shows in the alert panel from the next snapshot until the file is fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smoothtask-reload-screen-'));
    const path = join(dir, 'config.toml');
    writeFileSync(path, config('0'));
    const runtime: Runtime = await startRuntime({
      intervalMs: 1000,
      historyLength: 10,
      loaded: loadConfig({ path, env }),
      env,
      reloadDebounceMs: 50,
    });
    const { monitor, store } = runtime;
    const screen = renderInTerminal(
      <Providers store={store} ascii={true} color="none" intervalMs={1000}>
        <App AlertSlot={AlertPanel} />
      </Providers>,
      // Wide enough for the whole message on its line.
      200,
      50,
    );
    cleanup = async () => {
      screen.instance.unmount();
      await runtime.close();
    };
    await monitor.tick();
    await until(() => plain(screen.frame()).includes('PID'));
    expect(plain(screen.frame())).not.toContain('config not reloaded');
    expect(plain(screen.frame())).not.toContain('Alerts ');

    writeFileSync(path, config('"ten"'));
    const error = `${path}:11: alerts.rules[0].threshold: expected a number, got the string "ten"`;
    await until(() => runtime.configStatus().reloadError !== undefined, 5000);
    await monitor.tick();
    await until(() => plain(screen.frame()).includes('config not reloaded'));
    const refused = plain(screen.frame());
    expect(refused).toContain('Alerts 0 firing, 0 pending');
    expect(refused).toContain(`config not reloaded: ${error}`);
    expect(store.getSnapshot()?.config).toMatchObject({ path, reloadError: error });

    writeFileSync(path, config('1'));
    await until(() => runtime.alerts.engine.getRules()[0].threshold === 1, 5000);
    await monitor.tick();
    await until(() => !plain(screen.frame()).includes('config not reloaded'));
    expect(plain(screen.frame())).not.toContain('Alerts ');
    expect(store.getSnapshot()?.config).toEqual({ path });
  });
});
