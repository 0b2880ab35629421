/**
 * uid → user name from /etc/passwd (passwd(5)), as ps shows it. The file is parsed once and
 * parsed again only when its mtime or size changes, checked at most every few seconds, so a
 * sampling pass costs one Map lookup per process. Names from NSS sources other than the file
 * (LDAP, sssd) are not resolved: those uids have no name here and the UI shows the number.
 */
import { statSync } from 'node:fs';
import { sanitizeText } from './sanitize.js';
import { ReadBuffer, tryReadTextSync } from './readfile.js';

/**
 * Parse passwd(5) text: `name:password:uid:gid:gecos:home:shell` per line. Lines that do not
 * have a numeric uid are skipped; the first name for a uid wins (as getpwuid returns it).
 */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(':');
    if (fields.length < 3 || fields[0] === '' || !/^\d+$/.test(fields[2])) continue;
    const uid = Number(fields[2]);
    if (!names.has(uid)) names.set(uid, sanitizeText(fields[0]));
  }
  return names;
}

/** Looks up user names, re-reading the passwd file when it changes. */
export class UserNames {
  private names = new Map<number, string>();
  private stamp = '';
  private checkedAt = -Infinity;
  private readonly passwdPath: string;
  private readonly recheckMs: number;
  private readonly now: () => number;
  private readonly buffer = new ReadBuffer();

  /**
   * @param passwdPath usually /etc/passwd; a parameter so tests can use a fixture.
   * @param recheckMs how often, at most, to stat the file for changes.
   * @param now monotonic clock in ms.
   */
  constructor(passwdPath = '/etc/passwd', recheckMs = 5000, now: () => number = () => performance.now()) {
    this.passwdPath = passwdPath;
    this.recheckMs = recheckMs;
    this.now = now;
  }

  /** The name for uid, or undefined when the passwd file has none (or cannot be read). */
  name(uid: number): string | undefined {
    this.refresh();
    return this.names.get(uid);
  }

  private refresh(): void {
    const t = this.now();
    if (t - this.checkedAt < this.recheckMs) return;
    this.checkedAt = t;
    let stamp: string;
    try {
      const st = statSync(this.passwdPath);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      stamp = 'missing';
    }
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    const text = tryReadTextSync(this.buffer, this.passwdPath);
    this.names = text === undefined ? new Map() : parsePasswd(text);
  }
}
