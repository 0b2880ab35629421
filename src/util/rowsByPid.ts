/**
 * The rows of a few pids out of a whole process table, by pid. The verdict's advice and the
 * advisor look up a handful of hogs in every refresh's table; a map of every row made each time
 * was 5,000 entries of garbage a refresh at 5,000 processes (bench/README.md, "One namespace a
 * CommonJS module").
 */
export function rowsByPid<Row extends { pid: number }>(rows: readonly Row[], pids: Iterable<number>): Map<number, Row> {
  const wanted = new Set(pids);
  const found = new Map<number, Row>();
  if (wanted.size === 0) return found;
  // Index loop: no iterator result a row where the loop runs before V8 optimises it.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    // As a map of every row would: where a pid appeared twice, the later row.
    if (wanted.has(row.pid)) found.set(row.pid, row);
  }
  return found;
}
