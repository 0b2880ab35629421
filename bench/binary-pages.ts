/**
 * Which pages of a running program's executable are resident in it, by what they hold: for each
 * page of the executable's mappings that /proc/PID/pagemap marks present (bit 63), the symbol
 * whose range holds it (`nm -C -S` of the executable), grouped by namespace (V8's compilers,
 * WebAssembly, ICU, Node...). These clean file pages count in the process's RSS like any other:
 * this says which parts of Node and V8 a monitor's work pulls in (bench/README.md, "Where the peak
 * RSS at 5,000 is now").
 *
 *   node bench/binary-pages.ts PID [--top 25]
 *
 * Reads another process's pagemap, so run it as that process's user or root. Needs nm and readelf
 * (binutils).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';

const PAGE = 4096;

/** Namespace groups, tried in order on the demangled name. */
const GROUPS: readonly [string, RegExp][] = [
  ['WebAssembly', /wasm/i],
  ['Maglev', /maglev/],
  ['TurboFan/Turboshaft (compiler::)', /compiler::|turboshaft/],
  ['Sparkplug (baseline::)', /baseline::/],
  ['Ignition (interpreter::)', /interpreter::/],
  ['parser', /v8::internal::(Parser|Scanner|PreParser|Ast)/],
  ['regexp', /regexp|RegExp/],
  ['heap and GC', /v8::internal::(Heap|Mark|Scaveng|Sweep|Minor|Concurrent|Page|Memory|Evacuat|Young|OldGen)|cppgc/],
  ['ICU', /icu_|icudt/],
  ['OpenSSL', /^(SSL|EVP|BN|X509|OPENSSL|ossl|CRYPTO|ERR|ASN1|RSA|EC_)/],
  ['Node', /^node::|^uv_|^napi_/],
  ['other V8', /^v8::/],
];

function groupOf(name: string): string {
  for (const [group, pattern] of GROUPS) if (pattern.test(name)) return group;
  return 'other';
}

interface Sym {
  start: number;
  end: number;
  name: string;
}

/** The executable's defined symbols with a size, by address. */
function symbolsOf(binary: string): Sym[] {
  const out = execFileSync('nm', ['-C', '-S', '--defined-only', binary], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const syms: Sym[] = [];
  for (const line of out.split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) \S (.*)$/.exec(line);
    if (m) syms.push({ start: parseInt(m[1], 16), end: parseInt(m[1], 16) + parseInt(m[2], 16), name: m[3] });
  }
  return syms.sort((a, b) => a.start - b.start);
}

/** The LOAD segments of the executable: file offset → link-time address. */
function loadSegments(binary: string): { offset: number; vaddr: number; size: number }[] {
  const out = execFileSync('readelf', ['-lW', binary], { encoding: 'utf8' });
  return [...out.matchAll(/LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)/g)].map((m) => ({
    offset: parseInt(m[1], 16),
    vaddr: parseInt(m[2], 16),
    size: parseInt(m[3], 16),
  }));
}

/** The symbol holding address `at` (its last symbol starting at or before it, if it reaches it). */
function symbolAt(syms: readonly Sym[], at: number): Sym | undefined {
  let lo = 0;
  let hi = syms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (syms[mid].start <= at) lo = mid + 1;
    else hi = mid;
  }
  const s = syms[lo - 1];
  return s !== undefined && at < Math.max(s.end, s.start + 1) ? s : undefined;
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const pid = Number(positionals[0]);
if (!Number.isInteger(pid) || pid <= 0) {
  process.stderr.write('usage: node bench/binary-pages.ts PID [--top 25]\n');
  process.exit(2);
}
const binary = readlinkSync(`/proc/${pid}/exe`);
const mappings = readFileSync(`/proc/${pid}/maps`, 'utf8')
  .split('\n')
  .map((line) => /^([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) \S+ \S+\s+(.*)$/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null && m[5] === binary)
  .map((m) => ({ start: parseInt(m[1], 16), end: parseInt(m[2], 16), perms: m[3], offset: parseInt(m[4], 16) }));
const syms = symbolsOf(binary);
const segments = loadSegments(binary);
const kb = new Map<string, number>();
const pagemap = openSync(`/proc/${pid}/pagemap`, 'r');
try {
  for (const map of mappings) {
    const pages = (map.end - map.start) / PAGE;
    const entries = Buffer.alloc(pages * 8);
    readSync(pagemap, entries, 0, entries.length, (map.start / PAGE) * 8);
    // The load bias of this mapping: where the segment holding its file offset was linked to.
    const segment = segments.find((s) => map.offset >= s.offset && map.offset < s.offset + s.size);
    const bias = segment === undefined ? 0 : map.start - (segment.vaddr + (map.offset - segment.offset));
    for (let i = 0; i < pages; i++) {
      if (entries.readBigUInt64LE(i * 8) >> 63n === 0n) continue;
      // The page's middle: a page shared by two symbols counts for the one across its middle.
      const sym = symbolAt(syms, map.start + i * PAGE + PAGE / 2 - bias);
      const key = `${map.perms} ${sym === undefined ? '(no symbol)' : groupOf(sym.name)}`;
      kb.set(key, (kb.get(key) ?? 0) + PAGE / 1024);
    }
  }
} finally {
  closeSync(pagemap);
}
const rows = [...kb].sort((a, b) => b[1] - a[1]);
process.stdout.write(`${binary} in process ${pid}: resident pages by what they hold, MB\n`);
for (const [key, size] of rows.slice(0, Number(values.top))) process.stdout.write(`${(size / 1024).toFixed(1).padStart(7)}  ${key}\n`);
const byPerms = new Map<string, number>();
for (const [key, size] of rows) {
  const perms = key.split(' ')[0];
  byPerms.set(perms, (byPerms.get(perms) ?? 0) + size);
}
process.stdout.write(`total: ${[...byPerms].map(([perms, size]) => `${perms} ${(size / 1024).toFixed(1)}`).join(', ')}\n`);
