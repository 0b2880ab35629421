/**
 * node_exporter's web configuration file (the Prometheus exporter-toolkit format), so operators
 * reuse the file they have: `tls_server_config` (cert_file, key_file, client_auth_type,
 * client_ca_file, min_version) and `basic_auth_users` (user → bcrypt hash). Unknown keys are
 * errors, as the toolkit's strict YAML reading makes them; relative paths are taken from the
 * file's folder.
 * @see https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export interface WebTls {
  cert: Buffer;
  key: Buffer;
  /** CA bundle that client certificates must chain to (RequireAndVerifyClientCert). */
  clientCa?: Buffer;
  requireClientCert: boolean;
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
}

export interface WebConfig {
  tls?: WebTls;
  /** User → bcrypt hash; absent means no authentication. */
  basicAuthUsers?: ReadonlyMap<string, string>;
}

export class WebConfigError extends Error {}

type Table = Record<string, unknown>;

function tableAt(v: unknown, where: string, keys: readonly string[]): Table {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WebConfigError(`${where}: expected a mapping`);
  for (const k of Object.keys(v)) if (!keys.includes(k)) throw new WebConfigError(`${where}: unknown key '${k}' (known: ${keys.join(', ')})`);
  return v as Table;
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new WebConfigError(`${where}: expected a non-empty string`);
  return v;
}

const CLIENT_AUTH = ['NoClientCert', 'RequireAndVerifyClientCert'] as const;
const MIN_VERSIONS: Record<string, WebTls['minVersion']> = { TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' };

/**
 * Parses the file's text. `read` loads a file the config names (relative to `dir`), so tests
 * and the loader share this function.
 */
export function parseWebConfig(yamlText: string, dir: string, read: (path: string) => Buffer = (p) => readFileSync(p)): WebConfig {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (err) {
    throw new WebConfigError(`not YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  const root = tableAt(doc, 'web config', ['tls_server_config', 'basic_auth_users', 'http_server_config']);
  const out: WebConfig = {};
  const file = (v: unknown, where: string): Buffer => {
    const path = resolve(dir, text(v, where));
    try {
      return read(path);
    } catch (err) {
      throw new WebConfigError(`${where}: cannot read ${path}: ${(err as Error).message}`);
    }
  };
  if (root.tls_server_config !== undefined) {
    const where = 'tls_server_config';
    const t = tableAt(root.tls_server_config, where, ['cert_file', 'key_file', 'client_auth_type', 'client_ca_file', 'min_version']);
    const clientAuth = t.client_auth_type ?? 'NoClientCert';
    if (!CLIENT_AUTH.includes(clientAuth as (typeof CLIENT_AUTH)[number])) {
      throw new WebConfigError(`${where}.client_auth_type: expected one of ${CLIENT_AUTH.join(', ')}`);
    }
    const requireClientCert = clientAuth === 'RequireAndVerifyClientCert';
    if (requireClientCert && t.client_ca_file === undefined) throw new WebConfigError(`${where}.client_ca_file: needed with RequireAndVerifyClientCert`);
    const minVersion = t.min_version === undefined ? undefined : MIN_VERSIONS[String(t.min_version)];
    if (t.min_version !== undefined && minVersion === undefined) throw new WebConfigError(`${where}.min_version: expected TLS12 or TLS13`);
    out.tls = {
      cert: file(t.cert_file, `${where}.cert_file`),
      key: file(t.key_file, `${where}.key_file`),
      ...(t.client_ca_file !== undefined ? { clientCa: file(t.client_ca_file, `${where}.client_ca_file`) } : {}),
      requireClientCert,
      ...(minVersion !== undefined ? { minVersion } : {}),
    };
  }
  if (root.basic_auth_users !== undefined && root.basic_auth_users !== null) {
    const users = tableAt(root.basic_auth_users, 'basic_auth_users', Object.keys(root.basic_auth_users));
    const map = new Map<string, string>();
    for (const [user, hash] of Object.entries(users)) {
      const h = text(hash, `basic_auth_users.${user}`);
      if (!/^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$/.test(h)) throw new WebConfigError(`basic_auth_users.${user}: expected a bcrypt hash ($2y$10$...)`);
      map.set(user, h);
    }
    out.basicAuthUsers = map;
  }
  if (root.http_server_config !== undefined) tableAt(root.http_server_config, 'http_server_config', []);
  return out;
}

export function loadWebConfig(path: string): WebConfig {
  let yamlText: string;
  try {
    yamlText = readFileSync(path, 'utf8');
  } catch (err) {
    throw new WebConfigError(`cannot read the web config ${path}: ${(err as Error).message}`);
  }
  try {
    return parseWebConfig(yamlText, dirname(resolve(path)));
  } catch (err) {
    if (err instanceof WebConfigError) throw new WebConfigError(`${path}: ${err.message}`);
    throw err;
  }
}
