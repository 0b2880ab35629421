/**
 * Pure parsers for disk I/O counters (/proc/diskstats) and the mount table
 * (/proc/self/mounts, /proc/filesystems).
 */

/** Counters of one block device since boot (or since the device appeared). */
export interface DiskCounters {
  major: number;
  minor: number;
  name: string;
  readsCompleted: number;
  /** Always in 512-byte units, whatever the device's sector size. */
  sectorsRead: number;
  writesCompleted: number;
  sectorsWritten: number;
  inFlight: number;
  /** Milliseconds during which the device had I/O in flight. */
  ioTicksMs: number;
  /** Since 4.18; undefined before. */
  discardsCompleted?: number;
}

/** Bytes per diskstats sector: the block layer counts in 512-byte units on every device. */
export const DISKSTATS_SECTOR_BYTES = 512;

/**
 * /proc/diskstats: `major minor name` then at least 11 counters (4.18 adds 4 discard fields,
 * 5.5 adds 2 flush fields). Lines with fewer than 11 numeric counters are skipped.
 * @see https://docs.kernel.org/admin-guide/iostats.html
 */
export function parseDiskstats(text: string): DiskCounters[] {
  const devices: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 14) continue;
    const [major, minor, name, ...rest] = fields;
    const numbers = [major, minor, ...rest];
    // A u64 has at most 20 digits; a longer run is not a counter and would read as Infinity.
    if (!numbers.every((n) => /^\d{1,20}$/.test(n))) continue;
    const c = rest.map(Number);
    devices.push({
      major: Number(major),
      minor: Number(minor),
      name,
      readsCompleted: c[0],
      sectorsRead: c[2],
      writesCompleted: c[4],
      sectorsWritten: c[6],
      inFlight: c[8],
      ioTicksMs: c[9],
      discardsCompleted: c.length >= 15 ? c[11] : undefined,
    });
  }
  return devices;
}

/** One line of the mount table, escapes undone. */
export interface MountEntry {
  device: string;
  mountpoint: string;
  fstype: string;
}

/** Undo the octal escapes the kernel writes for space, tab, newline and backslash (\040 ...). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * /proc/self/mounts (fstab format): device, mount point, type, options, dump, pass.
 * Lines with fewer than three fields are skipped.
 * @see https://man7.org/linux/man-pages/man5/proc_mounts.5.html
 * @see https://man7.org/linux/man-pages/man5/fstab.5.html
 */
export function parseMounts(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    if (fields.length < 3 || fields[0] === '' || fields[1] === '' || fields[2] === '') continue;
    mounts.push({
      device: unescapeMountField(fields[0]),
      mountpoint: unescapeMountField(fields[1]),
      fstype: fields[2],
    });
  }
  return mounts;
}

/**
 * The filesystem types /proc/filesystems marks `nodev` (not backed by a block device: proc,
 * tmpfs, cgroup2, nfs ...).
 * @see https://man7.org/linux/man-pages/man5/filesystems.5.html
 */
export function parseNodevFilesystems(text: string): Set<string> {
  const nodev = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^nodev\t(\S+)$/.exec(line);
    if (match) nodev.add(match[1]);
  }
  return nodev;
}

/**
 * Filesystems that hold data without a local block device, shown despite being `nodev`.
 * FUSE mounts report `fuse.<program>`, which /proc/filesystems does not list.
 */
const NETWORK_AND_POOLED = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'ceph',
  'glusterfs',
  '9p',
  'virtiofs',
  'zfs',
  'fuse.sshfs',
  'fuse.rclone',
  'fuse.s3fs',
  'fuse.glusterfs',
  'fuse.mergerfs',
]);

/**
 * Mounts that hold user data, the ones df(1) users care about: block-device filesystems (not
 * `nodev` in /proc/filesystems) and the network and pooled ones above. Pseudo filesystems
 * (proc, sysfs, cgroup, tmpfs, devpts, overlay ...) are left out. When a mount point is
 * mounted over, only the last (visible) mount is kept.
 */
export function selectRealMounts(mounts: MountEntry[], nodev: Set<string>): MountEntry[] {
  const byMountpoint = new Map<string, MountEntry>();
  for (const mount of mounts) {
    const isNodev = nodev.has(mount.fstype) || mount.fstype === 'fuse' || mount.fstype.startsWith('fuse.');
    // Delete first so a later mount over the same point both hides and re-orders the earlier one.
    byMountpoint.delete(mount.mountpoint);
    if (!isNodev || NETWORK_AND_POOLED.has(mount.fstype)) byMountpoint.set(mount.mountpoint, mount);
  }
  return [...byMountpoint.values()];
}
