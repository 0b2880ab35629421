/**
 * The metrics endpoint of a long-running face, in one call: the renderer on the Monitor's store
 * (its accumulator joins the store's processors), the web config, and the server.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { parseListenAddress } from './listen.js';
import { MetricsRenderer, type MetricsOptions } from './render.js';
import { startMetricsServer, type MetricsServer } from './server.js';
import { loadWebConfig } from './web-config.js';

export interface ListenOptions {
  /** "127.0.0.1:9310", "[::1]:9310", "9310" (loopback) or ":9310" (every interface). */
  address: string;
  /** node_exporter's web config file (TLS, basic auth). */
  webConfigPath?: string;
}

export interface Exporter {
  server: MetricsServer;
  renderer: MetricsRenderer;
}

/** Throws ListenAddressError or WebConfigError on bad settings, and the listen error (EADDRINUSE) as is. */
export async function startExporter(store: Store, listen: ListenOptions, metrics: MetricsOptions, intervalMs: number, logger: Logger): Promise<Exporter> {
  const address = parseListenAddress(listen.address);
  const web = listen.webConfigPath !== undefined ? loadWebConfig(listen.webConfigPath) : undefined;
  const renderer = new MetricsRenderer(store, metrics);
  const server = await startMetricsServer({
    listen: address,
    web,
    renderer,
    // Sampling can stretch while passes are slow (pacing.ts): healthy means a snapshot within a few intervals.
    staleAfterMs: Math.max(10_000, 5 * intervalMs),
    latestAt: () => {
      const s = store.getLatest();
      return s === undefined ? undefined : Date.parse(s.takenAt);
    },
    logger,
  });
  return { server, renderer };
}
