/**
 * The chart series the store keeps history for, extracted from each snapshot. Keys are stable
 * strings the UI asks for: 'cpu.total', 'cpu.core.0', 'mem.used', 'net.rx.eth0', 'gpu.0.util'.
 */
import type { Snapshot } from '../types/snapshot.js';
import { percentOf } from '../util/percent.js';

/** Every series value in one snapshot; undefined where not measured. */
export function seriesOf(s: Snapshot): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  out.set('cpu.total', s.cpu?.total?.busy);
  for (const core of s.cpu?.cores ?? []) out.set(`cpu.core.${core.id}`, core.times?.busy);
  out.set('mem.used', percentOf(s.memory?.usedBytes, s.memory?.totalBytes));
  out.set('swap.used', percentOf(s.memory?.swapUsedBytes, s.memory?.swapTotalBytes));
  for (const r of ['cpu', 'io', 'memory'] as const) {
    out.set(`psi.${r}.some`, s.pressure?.[r]?.some?.avg10);
    out.set(`psi.${r}.full`, s.pressure?.[r]?.full?.avg10);
  }
  for (const d of s.disks?.devices ?? []) {
    out.set(`disk.read.${d.name}`, d.readBytesPerSec);
    out.set(`disk.write.${d.name}`, d.writeBytesPerSec);
  }
  for (const n of s.network?.interfaces ?? []) {
    out.set(`net.rx.${n.name}`, n.rxBytesPerSec);
    out.set(`net.tx.${n.name}`, n.txBytesPerSec);
  }
  for (const g of s.gpus) {
    out.set(`gpu.${g.index}.util`, g.utilPercent);
    out.set(`gpu.${g.index}.mem`, percentOf(g.memUsedBytes, g.memTotalBytes));
    out.set(`gpu.${g.index}.power`, g.powerWatts);
    out.set(`gpu.${g.index}.temp`, g.temperatureC);
  }
  out.set('sensors.cpuPackageC', s.sensors?.cpuPackageC);
  return out;
}
