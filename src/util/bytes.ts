/** Byte counts in words, in IEC units (1 KiB = 1024 B), for the CLI, alert text and the verdict. */

const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** `n` bytes in the largest IEC unit that keeps it at or above 1: "512 B", "1.5 KiB", "-2.0 GiB". */
export function formatIecBytes(n: number): string {
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < IEC_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${IEC_UNITS[i]}`;
}
