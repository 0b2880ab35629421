/**
 * The metrics endpoint: node:http (or node:https with the web config's TLS) serving GET /metrics
 * from the renderer's cached body and GET /healthz; 404 for other paths, 405 for other methods.
 * Bounded against slow and greedy clients: header size, time to send the headers, idle sockets,
 * scrapes in flight and requests per client (limits.ts). A scrape reads the latest published
 * snapshot and never calls into the sampler, so it cannot delay sampling. Refusals carry a short
 * fixed text and nothing else; bad credentials are logged with the user, never the password.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { BasicAuth, parseBasicAuth } from './auth.js';
import type { ExpositionFormat } from './exposition.js';
import { Admission, DEFAULT_LIMITS, type Limits } from './limits.js';
import { formatListenAddress, type ListenAddress } from './listen.js';
import type { MetricsRenderer } from './render.js';
import type { WebConfig } from './web-config.js';

export interface ServerTimeouts {
  /** Largest request header block, bytes. */
  maxHeaderBytes: number;
  /** Time a client has to send its whole request head. */
  headersTimeoutMs: number;
  /** Time a client has for a whole request. */
  requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = { maxHeaderBytes: 8192, headersTimeoutMs: 5000, requestTimeoutMs: 10_000, keepAliveTimeoutMs: 5000 };

export interface MetricsServerOptions {
  listen: ListenAddress;
  web?: WebConfig;
  renderer: MetricsRenderer;
  /** When the latest snapshot is older than this, /healthz answers 503. */
  staleAfterMs: number;
  /** Wall time of the latest snapshot, ms since epoch; undefined before the first. */
  latestAt: () => number | undefined;
  logger: Logger;
  limits?: Limits;
  timeouts?: ServerTimeouts;
}

export interface MetricsServer {
  /** Where it listens, "127.0.0.1:9310" (the port the kernel gave when asked for 0). */
  address: string;
  scheme: 'http' | 'https';
  close(): Promise<void>;
}

/** OpenMetrics when the scraper asks for it first or only (Prometheus sends both, preferring it). */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  return accept !== undefined && /application\/openmetrics-text/i.test(accept) ? 'openmetrics' : 'prometheus';
}

/** Whether Accept-Encoding allows gzip (and does not refuse it with q=0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding.trim().toLowerCase() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find((m) => m !== null);
    return q === undefined || Number(q[1]) > 0;
  });
}

function plain(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const timeouts = opts.timeouts ?? DEFAULT_TIMEOUTS;
  const admission = new Admission(opts.limits ?? DEFAULT_LIMITS);
  const auth = opts.web?.basicAuthUsers !== undefined ? new BasicAuth(opts.web.basicAuthUsers) : undefined;
  const log = opts.logger;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const client = req.socket.remoteAddress ?? 'unknown';
    if (!admission.allowClient(client)) return plain(res, 429, 'too many requests\n', { 'Retry-After': '1' });
    const release = admission.enter();
    if (release === undefined) return plain(res, 503, 'too many scrapes at once\n', { 'Retry-After': '1' });
    res.once('close', release);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    const path = (req.url ?? '/').split('?')[0];
    if (auth !== undefined) {
      const creds = parseBasicAuth(req.headers.authorization);
      if (!(await auth.check(creds))) {
        log.warn({ client, user: creds?.user, path }, 'metrics endpoint: bad or missing credentials');
        return plain(res, 401, 'unauthorized\n', { 'WWW-Authenticate': 'Basic realm="smoothtask"' });
      }
    }
    if (path === '/healthz') {
      const at = opts.latestAt();
      const fresh = at !== undefined && Date.now() - at <= opts.staleAfterMs;
      return plain(res, fresh ? 200 : 503, fresh ? 'ok\n' : 'no recent snapshot\n');
    }
    if (path !== '/metrics') return plain(res, 404, 'not found; the metrics are at /metrics\n');
    const rendered = await opts.renderer.body(negotiateFormat(req.headers.accept), acceptsGzip(req.headers['accept-encoding']));
    if (rendered === undefined) return plain(res, 503, 'no snapshot yet\n', { 'Retry-After': '1' });
    res.writeHead(200, {
      'Content-Type': rendered.contentType,
      'Content-Length': rendered.body.length,
      Vary: 'Accept, Accept-Encoding',
      ...(rendered.encoding !== undefined ? { 'Content-Encoding': rendered.encoding } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : rendered.body);
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      log.error({ error: (err as Error).message }, 'metrics endpoint: request failed');
      if (!res.headersSent) plain(res, 500, 'internal error\n');
      else res.destroy();
    });
  };

  const common = {
    maxHeaderSize: timeouts.maxHeaderBytes,
    headersTimeout: timeouts.headersTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    // Node checks the two timeouts above on this period (30 s by default): a slow client would
    // hold its socket that long.
    connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs),
  };
  const tls = opts.web?.tls;
  // Loaded here, when an endpoint is asked for: at start-up they cost every screen that serves none
  // (bench/README.md, "Runtime flags and the bundle").
  const server: Server = tls
    ? (await import('node:https')).createServer(
        {
          ...common,
          cert: tls.cert,
          key: tls.key,
          ...(tls.clientCa !== undefined ? { ca: tls.clientCa } : {}),
          requestCert: tls.requireClientCert,
          rejectUnauthorized: tls.requireClientCert,
          ...(tls.minVersion !== undefined ? { minVersion: tls.minVersion } : {}),
        },
        listener,
      )
    : (await import('node:http')).createServer(common, listener);
  // A socket with no traffic at all (not even a request line) is closed too.
  server.setTimeout(timeouts.requestTimeoutMs, (socket) => socket.destroy());
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listen.port, opts.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address = formatListenAddress({ host: bound.address, port: bound.port });
  const scheme = tls ? 'https' : 'http';
  log.info({ address, scheme, auth: auth !== undefined }, `metrics endpoint listening on ${scheme}://${address}/metrics`);
  return {
    address,
    scheme,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
