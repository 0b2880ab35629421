/**
 * `smoothtask snapshot [--json]`: two reads one interval apart (so rates exist), then the snapshot
 * on stdout: JSON exactly as the store holds it (docs/snapshot-schema.md), or a short text summary.
 * The first read is cold and leaves some cumulative counters to the next (the /proc reader's io
 * and schedstat, so that `top` draws sooner), so a second read follows it at once and the
 * interval runs from that one.
 */
import { configStatusOf } from '../runtime/config-reload.js';
import { Monitor } from '../runtime/monitor.js';
import type { Snapshot } from '../types/snapshot.js';
import { formatBytes, formatPercent, writeOut } from './output.js';
import type { Settings } from './settings.js';

export async function runSnapshot(opts: Settings): Promise<number> {
  const config = configStatusOf(opts.loaded);
  const monitor = await Monitor.create({ intervalMs: opts.intervalMs, configStatus: () => config });
  try {
    await monitor.tick();
    await monitor.tick();
    await Promise.all([new Promise((resolve) => setTimeout(resolve, opts.intervalMs)), monitor.inventoryReady]);
    const snapshot = await monitor.tick();
    await writeOut(opts.json ? `${JSON.stringify(snapshot, null, 2)}\n` : summary(snapshot));
    return 0;
  } finally {
    monitor.stop();
  }
}

function summary(s: Snapshot): string {
  const lines = [
    `${s.host.hostname}  ${s.host.kernel}  ${s.takenAt}`,
    `cpu      ${formatPercent(s.cpu?.total?.busy)} busy over ${s.cpu?.cores.length ?? 'n/a'} cores`,
    `memory   ${formatBytes(s.memory?.usedBytes)} used of ${formatBytes(s.memory?.totalBytes)}, ${formatBytes(s.memory?.availableBytes)} available`,
    `load     ${[s.memory?.load1, s.memory?.load5, s.memory?.load15].map((v) => v?.toFixed(2) ?? 'n/a').join(' ')}`,
    `processes ${s.processes.length}`,
    'sources:',
  ];
  for (const [name, src] of Object.entries(s.sources)) {
    lines.push(`  ${name.padEnd(12)} ${src?.backend ?? 'none'}${src?.backend ? '' : `: ${src?.reason ?? ''}`}`);
  }
  return `${lines.join('\n')}\n`;
}
