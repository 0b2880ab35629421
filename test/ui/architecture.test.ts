/**
 * The screen's edges, checked on the source: nothing under src/ui reaches, through its value
 * imports (type imports erase), a module that samples or makes system calls: the collectors,
 * the native layer, the runtime, the process actions. No root path literal ('/proc', '/sys')
 * appears in src/ui either: the runtime's CollectorContext owns the roots.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UI = join(ROOT, 'src/ui');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const IMPORT = /^(?:import|export)\s+(type\s+)?(?:([\s\S]*?)\s+from\s+)?'([^']+)';/gm;

/** The modules `file` imports for their values (not `import type`, not all-`type` specifier lists). */
function valueImports(file: string): string[] {
  const out: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const [, typeOnly, what, spec] = m;
    if (typeOnly) continue;
    const names = what
      ?.match(/^\{([\s\S]*)\}$/)?.[1]
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    if (names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    out.push(spec);
  }
  return out;
}

/** A relative specifier as a source path ('.js' in specifiers names the '.ts' or '.tsx' file). */
function sourceOf(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx']) {
    try {
      readFileSync(base + ext);
      return base + ext;
    } catch {
      // not this extension
    }
  }
  return undefined;
}

/** Modules that sample or make system calls, as paths under src/. */
const FORBIDDEN = [/^src\/collectors\//, /^src\/native\//, /^src\/runtime\//, /^src\/actions\/(signal|renice|ionice)\.ts$/];
/**
 * Node modules that reach the system (node:os is left out: the signal list reads os.constants,
 * and os.setPriority's one user, renice, is forbidden above). The terminal layer writes its own
 * stream and the byte counter's file.
 */
const SYSTEM_MODULES = /^(node:)?(fs|child_process|net|dgram|worker_threads)(\/|$)/;
const TERMINAL = /^src\/ui\/terminal\//;

describe("the screen's edges", () => {
  it('no module of src/ui reaches collectors, the native layer, the runtime or the process actions', () => {
    const reached = new Map<string, string>();
    const queue = filesUnder(UI).map((f) => [f, relative(ROOT, f)] as const);
    const problems: string[] = [];
    while (queue.length > 0) {
      const [file, via] = queue.shift()!;
      const rel = relative(ROOT, file);
      if (reached.has(rel)) continue;
      reached.set(rel, via);
      if (FORBIDDEN.some((f) => f.test(rel))) {
        problems.push(`${via} reaches ${rel}`);
        continue;
      }
      for (const spec of valueImports(file)) {
        if (SYSTEM_MODULES.test(spec) && !TERMINAL.test(rel)) problems.push(`${via} → ${rel} imports ${spec}`);
        const next = sourceOf(file, spec);
        if (next !== undefined) queue.push([next, via]);
      }
    }
    expect(problems).toEqual([]);
    // The walk did look where it should.
    expect(reached.has('src/util/processKey.ts')).toBe(true);
  });

  it('no /proc or /sys root in src/ui', () => {
    const roots: string[] = [];
    for (const file of filesUnder(UI)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // A source's display name ("Connections from /proc") is a label, not a root to read.
          if (/['"`]\/(proc|sys)['"`]/.test(line) && !/SOURCE_NAMES/.test(line)) roots.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
          if (/\b(procRoot|sysRoot)\b/.test(line)) roots.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(roots).toEqual([]);
  });

  it('catches what it is for', () => {
    expect(valueImports(join(ROOT, 'src/runtime/detail.ts'))).toContain('../collectors/procdetail/sampler.js');
    expect(valueImports(join(ROOT, 'src/ui/detail/source.ts'))).toEqual([]);
  });
});
