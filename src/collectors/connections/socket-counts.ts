/**
 * The kernel's counts of TCP and UDP sockets, for telling without a walk whether the socket
 * tables may have changed since the last one. Listing them walks every bucket of the established
 * hash, which is sized by the machine's memory however few sockets there are (bench/README.md,
 * 'Socket tables listed on a change of counts'); the eBPF backend learns of a change from a
 * tracepoint, which the /proc-path backends cannot attach. These counters move with nearly every
 * change a listing would show, and reading them costs no walk:
 * - /proc/net/sockstat and sockstat6: TCP sockets in use (listening and connected), orphaned,
 *   in TIME_WAIT and allocated; UDP and UDP-Lite sockets in use (bound), per family;
 * - /proc/net/snmp's Tcp line: connections opened actively and passively, failed attempts,
 *   resets, and those established or in CLOSE_WAIT.
 * Changes they miss: a connection whose peer closed first (ESTABLISHED to CLOSE_WAIT, where the
 * kernel counts both in CurrEstab, as 6.18 does; older kernels counted it down), a half-close
 * (FIN_WAIT1 to FIN_WAIT2 while the file is still open), and a UDP socket's connect(). Those show when the next walk comes (tcp-walk.ts: at least once in
 * TCP_RECHECK_READS reads).
 */
import { join } from 'node:path';
import { tryReadTextSync, type ReadBuffer } from '../../util/readfile.js';

/** sockstat lines whose fields count sockets (RAW and FRAG are not listed; `mem` moves with traffic). */
const SOCKSTAT_LINES = new Set(['TCP', 'UDP', 'UDPLITE', 'TCP6', 'UDP6', 'UDPLITE6']);

/** snmp's Tcp counters that move when a connection opens, fails, resets or leaves ESTABLISHED/CLOSE_WAIT. */
const SNMP_TCP_FIELDS = new Set(['ActiveOpens', 'PassiveOpens', 'AttemptFails', 'EstabResets', 'CurrEstab']);

/** `name=value` pairs of a sockstat file's counting lines (`TCP: inuse 1 orphan 0 tw 2 alloc 1 mem 294`). */
function sockstatCounts(text: string, out: string[]): void {
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !SOCKSTAT_LINES.has(line.slice(0, colon))) continue;
    const words = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    for (let i = 0; i + 1 < words.length; i += 2) if (words[i] !== 'mem') out.push(`${line.slice(0, colon)}.${words[i]}=${words[i + 1]}`);
  }
}

/** `name=value` pairs of snmp's Tcp counters: a line of names, then a line of values. */
function snmpTcpCounts(text: string, out: string[]): void {
  const lines = text.split('\n').filter((line) => line.startsWith('Tcp:'));
  if (lines.length < 2) return;
  const names = lines[0].split(/\s+/);
  const values = lines[1].split(/\s+/);
  for (let i = 1; i < names.length && i < values.length; i++) if (SNMP_TCP_FIELDS.has(names[i])) out.push(`Tcp.${names[i]}=${values[i]}`);
}

/**
 * The counts as one string, equal between two reads when none of them moved. A file missing or
 * malformed adds nothing, so its counters cannot announce a change: undefined when all three
 * gave nothing, and the caller then lists every time.
 */
export function socketTableCounts(sockstat: string, sockstat6: string, snmp: string): string | undefined {
  const out: string[] = [];
  sockstatCounts(sockstat, out);
  sockstatCounts(sockstat6, out);
  snmpTcpCounts(snmp, out);
  return out.length === 0 ? undefined : out.join(' ');
}

/** socketTableCounts of the files under `procRoot`; undefined where none can be read. */
export function readSocketTableCounts(buffer: ReadBuffer, procRoot: string): string | undefined {
  const read = (name: string): string => tryReadTextSync(buffer, join(procRoot, 'net', name)) ?? '';
  return socketTableCounts(read('sockstat'), read('sockstat6'), read('snmp'));
}
