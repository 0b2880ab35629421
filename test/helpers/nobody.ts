/**
 * Running a child as an ordinary user: nobody (uid and gid 65534), no supplementary groups, no
 * inheritable capabilities, through setpriv(1). The tests that check refusals (EPERM, EACCES)
 * need root to drop to it. The child runs from the world-readable copy of the checkout that
 * nobody-tree.ts makes (vitest's global setup): every path into the checkout in its arguments is
 * rewritten to the copy, and it starts in the copy's folder, so the clone may live anywhere, a
 * mode-700 home included.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

/** The command prefix that drops to nobody. */
const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'];

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Node with ts-hooks.mjs: runs a TypeScript file whose src/ imports name `.js`. */
const NODE_TS = [process.execPath, '--experimental-transform-types', '--no-warnings', '--import', join(import.meta.dirname, 'ts-hooks.mjs')];

/**
 * `argv` as a command line that runs it as nobody, from the readable copy: paths into the
 * checkout (also inside a `node -e` script) name the copy instead.
 */
export function asNobody(argv: readonly string[]): string[] {
  const tree = inject('nobodyTree');
  const inTree = (arg: string) => arg.split(`${repoRoot}/`).join(`${tree}/`);
  return ['env', '-C', tree, ...AS_NOBODY, ...argv.map(inTree)];
}

/** Run `argv` as nobody; its stdout. Throws on a non-zero exit. */
export function runAsNobody(argv: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): string {
  const [cmd, ...args] = asNobody(argv);
  return execFileSync(cmd, args, { encoding: 'utf8', ...options });
}

/** Run a TypeScript script (its path, then its arguments) as nobody; its stdout. */
export function runTsAsNobody(script: string, args: readonly string[]): string {
  return runAsNobody([...NODE_TS, script, ...args], { timeout: 20_000 });
}
