/**
 * Vitest global setup: a copy of the checkout that the user nobody can read, for the tests that
 * drop to nobody (test/helpers/nobody.ts). A clone often sits where nobody cannot enter (root's
 * home is mode 700), and then Node run as nobody fails on the first file it opens there. The copy
 * is made of hard links where the file system allows (no data copied), with folders of its own
 * whose modes let nobody in, and is removed after the run.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The world-readable copy of the checkout (nobody-tree.ts). */
    nobodyTree: string;
  }
}

const repoRoot = resolve(import.meta.dirname, '..', '..');
/** What a test run as nobody needs: the built app, its Node, and the sources the TypeScript children import. */
const PARTS = ['package.json', 'bin', 'dist', 'build', 'src', 'test', 'node_modules'];

export default function setup(project: TestProject): () => void {
  const tree = mkdtempSync(join(tmpdir(), 'smoothtask-nobody-'));
  chmodSync(tree, 0o755);
  const sources = PARTS.map((p) => join(repoRoot, p)).filter((p) => existsSync(p));
  try {
    execFileSync('cp', ['-al', ...sources, tree], { stdio: 'pipe' });
  } catch {
    // Another file system than the checkout's: hard links cannot cross it, so copy.
    rmSync(tree, { recursive: true, force: true });
    execFileSync('mkdir', ['-m', '755', tree]);
    execFileSync('cp', ['-a', ...sources, tree], { stdio: 'pipe' });
  }
  project.provide('nobodyTree', tree);
  return () => rmSync(tree, { recursive: true, force: true });
}
