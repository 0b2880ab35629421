/**
 * Credentials for Prometheus, read from files so they never sit in argv or the environment
 * (the same choice as Prometheus's own bearer_token_file and password_file): a bearer token file
 * holds the token, a basic-auth file holds `user:password` on its first line.
 */
import { readFileSync } from 'node:fs';

export type PromAuth = { kind: 'none' } | { kind: 'bearer'; tokenFile: string } | { kind: 'basic'; file: string };

/** The Authorization header value for `auth`, read now (a rotated token is picked up on the next read). */
export function authorizationHeader(auth: PromAuth): string | undefined {
  if (auth.kind === 'none') return undefined;
  if (auth.kind === 'bearer') {
    const token = readFileSync(auth.tokenFile, 'utf8').trim();
    if (token === '') throw new Error(`${auth.tokenFile}: empty bearer token file`);
    return `Bearer ${token}`;
  }
  const line = readFileSync(auth.file, 'utf8').split('\n')[0].replace(/\r$/, '');
  if (!line.includes(':')) throw new Error(`${auth.file}: expected user:password on the first line`);
  return `Basic ${Buffer.from(line).toString('base64')}`;
}
