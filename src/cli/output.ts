/** Writing to stdout/stderr from the CLI faces, waiting for the write so piped output is complete. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

export function writeErr(text: string): Promise<void> {
  return new Promise((resolve) => process.stderr.write(text, () => resolve()));
}

/** Human-readable byte count (IEC). */
export function formatBytes(n: number | undefined): string {
  if (n === undefined) return 'n/a';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function formatPercent(n: number | undefined, digits = 1): string {
  return n === undefined ? 'n/a' : `${n.toFixed(digits)}%`;
}
