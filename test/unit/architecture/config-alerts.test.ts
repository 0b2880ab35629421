/**
 * config and alerts stay apart: neither imports the other (the shared vocabulary lives in
 * src/rules/, the mapping from config to alert settings in src/runtime/). Read from the import and
 * re-export lines of every source file in both folders, so a new file is checked too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every module a file imports or re-exports (static and dynamic), resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gms),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => relative(SRC, resolve(dirname(file), s)));
}

function crossings(from: string, to: string): string[] {
  return sourceFiles(join(SRC, from)).flatMap((file) =>
    importsOf(file)
      .filter((target) => target === to || target.startsWith(`${to}/`))
      .map((target) => `${relative(SRC, file)} imports ${target}`),
  );
}

describe('config and alerts', () => {
  it('finds the imports it checks (the reader works on these folders)', () => {
    expect(importsOf(join(SRC, 'config', 'schema.ts'))).toContain('rules/metrics.js');
    expect(importsOf(join(SRC, 'alerts', 'engine.ts'))).toContain('rules/rule.js');
  });

  it('src/config imports nothing from src/alerts', () => {
    expect(crossings('config', 'alerts')).toEqual([]);
  });

  it('src/alerts imports nothing from src/config', () => {
    expect(crossings('alerts', 'config')).toEqual([]);
  });
});
