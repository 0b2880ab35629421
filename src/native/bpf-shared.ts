/**
 * One loaded copy of a program group for several readers: the net group (bpf/net.bpf.c) feeds
 * both the connections backend (socket tables) and the processes backend (bytes per process),
 * and loading it twice would attach every tracepoint twice and double its cost. A lease counts
 * its holders; the group is closed when the last one releases it.
 */
import { BpfGroup, bpfObjectPath, type BpfGroupName, type BpfNative } from './bpf.js';

/** A holder's share of a group. release() is idempotent. */
export interface GroupLease {
  readonly group: BpfGroup;
  release(): void;
}

/** Open groups by object path, with their holder count. */
const shared = new Map<string, { group: BpfGroup; holders: number }>();

/**
 * The group at `path` (default build/bpf/<name>.bpf.o), opened on the first lease and shared by
 * later ones. Only for groups without configuration: every holder gets the same load. Throws
 * what BpfGroup.open throws when the group cannot be loaded.
 */
export function leaseGroup(native: BpfNative, name: BpfGroupName, path = bpfObjectPath(name)): GroupLease {
  let entry = shared.get(path);
  if (entry === undefined || entry.group.closed) {
    entry = { group: BpfGroup.open(native, name, undefined, path), holders: 0 };
    shared.set(path, entry);
  }
  entry.holders++;
  const held = entry;
  let released = false;
  return {
    group: held.group,
    release(): void {
      if (released) return;
      released = true;
      held.holders--;
      if (held.holders > 0) return;
      held.group.close();
      if (shared.get(path) === held) shared.delete(path);
    },
  };
}
