/**
 * The endpoint's listen address as people write it: "127.0.0.1:9310", "[::1]:9310", "9310"
 * (loopback: the safe default), or ":9310" (every interface, as Go's exporters read it).
 */

export interface ListenAddress {
  host: string;
  port: number;
}

export class ListenAddressError extends Error {}

export function parseListenAddress(text: string): ListenAddress {
  const t = text.trim();
  const port = (p: string): number => {
    const n = /^\d{1,5}$/.test(p) ? Number(p) : NaN;
    if (!(n >= 0 && n <= 65535)) throw new ListenAddressError(`expected HOST:PORT with a port 0-65535, got '${text}'`);
    return n;
  };
  if (/^\d+$/.test(t)) return { host: '127.0.0.1', port: port(t) };
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(t);
  if (v6) return { host: v6[1], port: port(v6[2]) };
  const colon = t.lastIndexOf(':');
  if (colon < 0 || t.indexOf(':') !== colon) throw new ListenAddressError(`expected HOST:PORT, [IPV6]:PORT or PORT, got '${text}'`);
  const host = t.slice(0, colon);
  if (host !== '' && !/^[A-Za-z0-9.-]+$/.test(host)) throw new ListenAddressError(`not a host name or address: '${host}'`);
  return { host: host === '' ? '0.0.0.0' : host, port: port(t.slice(colon + 1)) };
}

/** "127.0.0.1:9310", "[::1]:9310". */
export function formatListenAddress(a: ListenAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
