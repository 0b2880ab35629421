/**
 * HTTP basic authentication against node_exporter-style bcrypt hashes. bcrypt is slow on purpose
 * (and slower in pure JavaScript), so a verified user:password pair is remembered, keyed by its
 * SHA-256 (never the password itself), as the exporter-toolkit does; an unknown user is checked
 * against a fixed hash so its answer takes as long as a wrong password.
 */
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { LRUCache } from 'lru-cache';

/** A valid bcrypt hash of a random string, for unknown users. */
const DUMMY_HASH = '$2b$10$Wv05fC28xQrHTinZA0WrH.55x0Na5GhVm83yUHA3b3Lg5cFEqWO9y';

export interface Credentials {
  user: string;
  password: string;
}

/** The user and password of an Authorization: Basic header; undefined when malformed or absent. */
export function parseBasicAuth(header: string | undefined): Credentials | undefined {
  if (header === undefined) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class BasicAuth {
  private readonly verified = new LRUCache<string, true>({ max: 1000 });

  constructor(private readonly users: ReadonlyMap<string, string>) {}

  private static key(c: Credentials, hash: string): string {
    return createHash('sha256').update(`${hash}\u0000${c.user}\u0000${c.password}`).digest('base64');
  }

  /** Whether these credentials match a configured user. */
  async check(c: Credentials | undefined): Promise<boolean> {
    if (c === undefined) return false;
    const hash = this.users.get(c.user);
    const key = BasicAuth.key(c, hash ?? DUMMY_HASH);
    if (hash !== undefined && this.verified.has(key)) return true;
    const ok = await bcrypt.compare(c.password, hash ?? DUMMY_HASH);
    if (hash === undefined) return false;
    if (ok) this.verified.set(key, true);
    return ok;
  }
}
