/**
 * Finds the line of a key in TOML text, so schema errors can say where they are (smol-toml
 * returns plain values without positions). A small line scanner that follows [table] and
 * [[array.of.tables]] headers and dotted keys; for a key it cannot see (missing, or inside an
 * inline table) it gives the line of the nearest enclosing key or header that it can.
 * TOML: https://toml.io/en/v1.0.0
 */
import { formatKeyPath, type KeyPath } from './schema.js';

/** Drop a trailing comment, leaving '#' inside quoted strings alone. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#') {
      return line.slice(0, i);
    }
  }
  return line;
}

/** 'a."b.c".d' → ['a', 'b.c', 'd']. */
function splitDotted(key: string): string[] {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key)) !== null && m[0] !== '') parts.push(m[1] ?? m[2] ?? m[3]);
  return parts;
}

/** Map every key path the text spells out (as "a.b[0].c") to its 1-based line. */
function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const arrayIndex = new Map<string, number>();
  let current: KeyPath = [];
  const note = (path: KeyPath, line: number) => {
    const k = formatKeyPath(path);
    if (!lines.has(k)) lines.set(k, line);
  };
  /** Resolve a header's names to a path, putting in the current index of any array of tables. */
  const resolve = (names: string[]): KeyPath => {
    const path: KeyPath = [];
    for (const name of names) {
      path.push(name);
      const idx = arrayIndex.get(formatKeyPath(path));
      if (idx !== undefined) path.push(idx);
    }
    return path;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = stripComment(raw).trim();
    const arrayHeader = /^\[\[(.+)\]\]$/.exec(line);
    if (arrayHeader) {
      const names = splitDotted(arrayHeader[1]);
      const parent = resolve(names.slice(0, -1));
      const base = formatKeyPath([...parent, names[names.length - 1]]);
      const idx = (arrayIndex.get(base) ?? -1) + 1;
      arrayIndex.set(base, idx);
      current = [...parent, names[names.length - 1], idx];
      note(current.slice(0, -1), i + 1);
      note(current, i + 1);
      return;
    }
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = resolve(splitDotted(header[1]));
      note(current, i + 1);
      return;
    }
    const eq = line.indexOf('=');
    if (eq > 0) {
      const key = splitDotted(line.slice(0, eq));
      if (key.length > 0) note([...current, ...key], i + 1);
    }
  });
  return lines;
}

/** 1-based line of `path` in `text`, or of its nearest enclosing key; undefined if none. */
export function findKeyLine(text: string, path: KeyPath): number | undefined {
  const lines = keyLines(text);
  for (let n = path.length; n > 0; n--) {
    const line = lines.get(formatKeyPath(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return undefined;
}

/** The key assigned on a line of TOML text ('threshold' for 'threshold = "x"'), if any. */
export function keyOnLine(text: string, line: number): string | undefined {
  const l = stripComment(text.split(/\r?\n/)[line - 1] ?? '').trim();
  const header = /^\[\[?([^\]]+)\]\]?$/.exec(l);
  if (header) return header[1].trim();
  const eq = l.indexOf('=');
  return eq > 0 ? l.slice(0, eq).trim() : undefined;
}
