// The last lines of scripts/test-all.sh, from vitest's JSON report: skipped tests grouped by the
// reason their suite names (skipped suites say why in a trailing "(needs ...)"), then one line
// "tests: N passed, N failed, N skipped (...)" that names the eBPF tests skipped and why, with the
// lint and format checks appended when they failed. Exits non-zero when no test ran.
// Usage: node scripts/test-summary.mjs REPORT.json [LINT_STATUS FORMAT_STATUS]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [reportPath, lintStatus = 'ok', formatStatus = 'ok'] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

/** The text in a title's trailing parentheses, nested ones included; undefined without any. */
function trailingParenthetical(title) {
  if (!title.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = title.length - 1; i >= 0; i--) {
    if (title[i] === ')') depth++;
    else if (title[i] === '(' && --depth === 0) return title.slice(i + 1, -1);
  }
  return undefined;
}

/** Why a test was skipped: the first "(needs ...)" from the test outwards, else its suite's note. */
function reasonOf(test) {
  const titles = [test.title, ...[...test.ancestorTitles].reverse()];
  const notes = titles.map(trailingParenthetical).filter((n) => n !== undefined);
  return notes.find((n) => n.startsWith('needs')) ?? trailingParenthetical(test.ancestorTitles.at(-1) ?? '') ?? notes[0] ?? 'no reason in its title';
}

const groups = new Map();
for (const file of report.testResults) {
  const path = relative(process.cwd(), file.name);
  for (const test of file.assertionResults) {
    if (test.status === 'passed' || test.status === 'failed') continue;
    const ebpf = path.startsWith('test/ebpf/');
    const key = `${ebpf}\n${reasonOf(test)}`;
    const group = groups.get(key) ?? { ebpf, reason: reasonOf(test), count: 0, files: new Set() };
    group.count++;
    group.files.add(path);
    groups.set(key, group);
  }
}

const all = [...groups.values()].sort((a, b) => b.count - a.count);
if (all.length > 0) {
  console.log('skipped, by reason:');
  for (const g of all) {
    const where = g.files.size === 1 ? [...g.files][0] : `${g.files.size} files${g.ebpf ? ' in test/ebpf' : ''}`;
    console.log(`  ${String(g.count).padStart(4)}  ${g.reason}  (${where})`);
  }
}

const skipped = all.reduce((n, g) => n + g.count, 0);
const ebpf = all.filter((g) => g.ebpf);
const ebpfCount = ebpf.reduce((n, g) => n + g.count, 0);
const notes = [];
if (ebpfCount > 0) notes.push(`${ebpfCount} eBPF tests: ${ebpf.map((g) => (ebpf.length > 1 ? `${g.reason} (${g.count})` : g.reason)).join(', ')}`);
const others = skipped - ebpfCount;
if (others > 0) notes.push(`${others} other${others === 1 ? '' : 's'}: reasons above`);
let line = `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`;
if (notes.length > 0) line += ` (${notes.join('; ')})`;
const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed'));
if (brokenFiles.length > 0) line += `; ${brokenFiles.length} test file${brokenFiles.length === 1 ? '' : 's'} failed outside any test`;
if (lintStatus !== 'ok') line += `; lint ${lintStatus}`;
if (formatStatus !== 'ok') line += `; format ${formatStatus}`;
console.log(line);
if (report.numTotalTests === 0) {
  console.error('no tests ran');
  process.exit(1);
}
