/**
 * `smoothtask fleet --prometheus URL`: every host a Prometheus scrapes, one row each. Starts the
 * poller (src/fleet/poller.ts) and hands it to the fleet screen as its store and its actions; it
 * reads Prometheus only, never the agents.
 */
import { existsSync } from 'node:fs';
import { FleetPoller } from '../fleet/poller.js';
import type { PromAuth } from '../fleet/prometheus/auth.js';
import { PromClient } from '../fleet/prometheus/client.js';
import { runFleetScreen } from '../ui/fleet/run.js';
import type { FleetArgs } from './args.js';
import { writeErr } from './output.js';
import type { Settings } from './settings.js';
import { colorMode } from './color.js';

/** A refresh every 5 s unless --interval says otherwise: Prometheus's own scrapes are 15 s apart by default. */
export const FLEET_INTERVAL_MS = 5000;
const DEFAULT_RATE_WINDOW = '1m';
/** A request waits this long before Prometheus is called slow, whatever the interval: at 500 hosts a busy Prometheus takes seconds (bench/README.md). */
const TIMEOUT_MS = 10_000;

function authOf(f: FleetArgs): PromAuth {
  if (f.bearerTokenFile !== undefined) return { kind: 'bearer', tokenFile: f.bearerTokenFile };
  if (f.basicAuthFile !== undefined) return { kind: 'basic', file: f.basicAuthFile };
  return { kind: 'none' };
}

export async function runFleet(settings: Settings, f: FleetArgs, intervalFlagMs: number | undefined): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    await writeErr('smoothtask fleet: needs a terminal on stdin and stdout.\n');
    return 1;
  }
  for (const file of [f.bearerTokenFile, f.basicAuthFile]) {
    if (file !== undefined && !existsSync(file)) {
      await writeErr(`smoothtask fleet: ${file}: no such file\n`);
      return 2;
    }
  }
  const intervalMs = intervalFlagMs ?? FLEET_INTERVAL_MS;
  const url = f.prometheus ?? '';
  const client = new PromClient({ url, auth: authOf(f), timeoutMs: TIMEOUT_MS });
  const poller = new FleetPoller(client, { intervalMs, rateWindow: f.rateWindow ?? DEFAULT_RATE_WINDOW });
  poller.start();
  await runFleetScreen({
    store: poller,
    actions: poller,
    url,
    intervalMs,
    color: colorMode(settings.noColor, process.env),
    ascii: settings.ascii,
    onQuit: () => poller.stop(),
  });
  return 0;
}
