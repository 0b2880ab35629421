/**
 * sysconf(3) values Node does not expose (USER_HZ, page size), read once at start-up through
 * getconf(1). Never on the sampling path: it starts a process.
 */
import { execFileSync } from 'node:child_process';

/**
 * `getconf NAME` as a positive integer, or undefined when getconf is missing, fails, hangs
 * (bounded by a 2 s timeout) or prints something else.
 * @see https://man7.org/linux/man-pages/man1/getconf.1p.html
 */
export function getconfNumber(name: 'CLK_TCK' | 'PAGESIZE'): number | undefined {
  try {
    const out = execFileSync('getconf', [name], {
      encoding: 'utf8',
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const value = Number(out.trim());
    return Number.isInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
