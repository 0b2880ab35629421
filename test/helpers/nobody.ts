/**
 * Running a child as an ordinary user: nobody (uid and gid 65534), no supplementary groups, no
 * inheritable capabilities, through setpriv(1). The tests that check refusals (EPERM, EACCES)
 * need root to drop to it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The command prefix: `[...AS_NOBODY, program, ...args]`. */
export const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'];

/** Node with ts-hooks.mjs: runs a TypeScript file whose src/ imports name `.js`. */
const NODE_TS = [process.execPath, '--experimental-transform-types', '--no-warnings', '--import', join(import.meta.dirname, 'ts-hooks.mjs')];

/** Run `argv` as nobody; its stdout. Throws on a non-zero exit. */
export function runAsNobody(argv: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): string {
  const [cmd, ...args] = [...AS_NOBODY, ...argv];
  return execFileSync(cmd, args, { encoding: 'utf8', ...options });
}

/** Run a TypeScript script (its path, then its arguments) as nobody; its stdout. */
export function runTsAsNobody(script: string, args: readonly string[]): string {
  return runAsNobody([...NODE_TS, script, ...args], { timeout: 20_000 });
}
