/** Writing to stdout/stderr from the CLI faces, waiting for the write so piped output is complete. */
import { formatIecBytes } from '../util/bytes.js';

export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

export function writeErr(text: string): Promise<void> {
  return new Promise((resolve) => process.stderr.write(text, () => resolve()));
}

/** Human-readable byte count (IEC); n/a when unmeasured. */
export function formatBytes(n: number | undefined): string {
  return n === undefined ? 'n/a' : formatIecBytes(n);
}

export function formatPercent(n: number | undefined, digits = 1): string {
  return n === undefined ? 'n/a' : `${n.toFixed(digits)}%`;
}
