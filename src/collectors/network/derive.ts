/** The network panel: per-interface rates from /proc/net/dev counters over the measured gap. */
import type { CollectorContext, Timed } from '../contract.js';
import type { NetInterface, NetworkPanel } from '../../types/snapshot.js';
import { counterRate, gapSeconds } from '../../util/rate.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { NetCounters } from './parse.js';
import type { NetworkRaw } from './proc.js';

/** One interface: cumulative bytes, packets, errors and drops, and per-second rates where there is a previous read. */
export function interfaceRates(prev: NetCounters | undefined, cur: NetCounters, seconds: number | undefined, virtual?: boolean): NetInterface {
  return {
    // Root can give an interface any name without '/', ':' or whitespace, escape bytes included.
    name: sanitizeText(cur.name),
    virtual,
    rxBytesPerSec: counterRate(prev?.rxBytes, cur.rxBytes, seconds),
    txBytesPerSec: counterRate(prev?.txBytes, cur.txBytes, seconds),
    rxPacketsPerSec: counterRate(prev?.rxPackets, cur.rxPackets, seconds),
    txPacketsPerSec: counterRate(prev?.txPackets, cur.txPackets, seconds),
    rxBytesTotal: cur.rxBytes,
    txBytesTotal: cur.txBytes,
    rxPacketsTotal: cur.rxPackets,
    txPacketsTotal: cur.txPackets,
    rxErrors: cur.rxErrors,
    txErrors: cur.txErrors,
    rxDrops: cur.rxDrops,
    txDrops: cur.txDrops,
    rxErrorsPerSec: counterRate(prev?.rxErrors, cur.rxErrors, seconds),
    txErrorsPerSec: counterRate(prev?.txErrors, cur.txErrors, seconds),
    rxDropsPerSec: counterRate(prev?.rxDrops, cur.rxDrops, seconds),
    txDropsPerSec: counterRate(prev?.txDrops, cur.txDrops, seconds),
  };
}

/** NetworkPanel from two reads; with no previous read every rate is undefined. */
export function deriveNetwork(prev: Timed<NetworkRaw> | undefined, cur: Timed<NetworkRaw>, _ctx: CollectorContext): NetworkPanel {
  const seconds = gapSeconds(prev, cur);
  const before = new Map(prev?.raw.interfaces?.map((i) => [i.name, i]));
  const virtual = cur.raw.virtual === undefined ? undefined : new Set(cur.raw.virtual);
  return { interfaces: (cur.raw.interfaces ?? []).map((i) => interfaceRates(before.get(i.name), i, seconds, virtual?.has(i.name))) };
}
