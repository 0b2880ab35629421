/** Pure parser for /proc/net/dev, the per-interface packet and byte counters. */

/** Cumulative counters of one interface (unsigned 64-bit in the kernel; exact below 2^53). */
export interface NetCounters {
  name: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDrops: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDrops: number;
}

/**
 * /proc/net/dev: two header lines, then `name: ` and 16 counters (8 receive, 8 transmit).
 * The name ends at the first ':' (the kernel refuses ':', '/' and whitespace in interface names,
 * see dev_valid_name) and may run into the first number, so split there, not on spaces.
 * Lines that do not fit are skipped.
 * @see https://man7.org/linux/man-pages/man5/proc_net.5.html
 * @see https://docs.kernel.org/networking/statistics.html
 */
export function parseNetDev(text: string): NetCounters[] {
  const interfaces: NetCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    // A u64 has at most 20 digits; a longer run is not a counter and would read as Infinity.
    if (name === '' || fields.length < 16 || !fields.every((f) => /^\d{1,20}$/.test(f))) continue;
    const n = fields.map(Number);
    interfaces.push({
      name,
      rxBytes: n[0],
      rxPackets: n[1],
      rxErrors: n[2],
      rxDrops: n[3],
      txBytes: n[8],
      txPackets: n[9],
      txErrors: n[10],
      txDrops: n[11],
    });
  }
  return interfaces;
}
