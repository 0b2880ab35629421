/**
 * Turns a GPU fixture (test/fixtures/<name>/{t0,t1}, fd-targets.json) into a live-looking tree in
 * a temporary folder: the files are copied, DRM device nodes are made with mknod (major 226, so
 * root is needed), and /proc/PID/fd/N links point at them as fd-targets.json says.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../host/context.js';

/** mknod needs root (CAP_MKNOD); the fdinfo tests say so when it is missing. */
export const CAN_MKNOD = process.getuid?.() === 0;

export interface LiveTree {
  root: string;
  devRoot: string;
}

export function materialise(fixture: string, step: 't0' | 't1'): LiveTree {
  const root = mkdtempSync(join(tmpdir(), `${fixture}-${step}-`));
  cpSync(join(FIXTURES, fixture, step), root, { recursive: true });
  const devRoot = join(root, 'dev');
  const targetsFile = join(FIXTURES, fixture, 'fd-targets.json');
  if (!existsSync(targetsFile)) return { root, devRoot };
  const targets = JSON.parse(readFileSync(targetsFile, 'utf8')) as Record<string, string>;
  mkdirSync(join(devRoot, 'dri'), { recursive: true });
  writeFileSync(join(root, 'plain-file'), 'x');
  for (const [pidFd, target] of Object.entries(targets)) {
    const [pid, fd] = pidFd.split('/');
    let path = join(root, 'plain-file');
    if (target.startsWith('dri/')) {
      path = join(devRoot, target);
      const minor = target.match(/(\d+)$/)?.[1] ?? '0';
      if (!existsSync(path)) execFileSync('mknod', [path, 'c', '226', minor]);
    }
    mkdirSync(join(root, 'proc', pid, 'fd'), { recursive: true });
    symlinkSync(path, join(root, 'proc', pid, 'fd', fd));
  }
  return { root, devRoot };
}
