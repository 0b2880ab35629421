/**
 * `smoothtask snapshot [--json]`: two reads one interval apart (so rates exist), then the snapshot
 * on stdout: JSON as the store holds it, with each process's elapsedSeconds at the snapshot's time
 * (docs/snapshot-schema.md; the rows leave it out: src/util/elapsed.ts), or a short text summary.
 * The first read is cold and leaves some cumulative counters to the next (the /proc reader's io
 * and schedstat, so that `top` draws sooner), so a second read follows it at once and the
 * interval runs from that one.
 */
import { configStatusOf } from '../runtime/config-reload.js';
import { Monitor } from '../runtime/monitor.js';
import type { ProcessRow, Snapshot } from '../types/snapshot.js';
import { elapsedSecondsAt } from '../util/elapsed.js';
import { formatBytes, formatPercent, writeOut } from './output.js';
import type { Settings } from './settings.js';

export async function runSnapshot(opts: Settings): Promise<number> {
  const config = configStatusOf(opts.loaded);
  const monitor = await Monitor.create({ intervalMs: opts.intervalMs, configStatus: () => config });
  try {
    await monitor.tick();
    await monitor.tick();
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
    const snapshot = await monitor.tick();
    await writeOut(opts.json ? `${JSON.stringify(published(snapshot), null, 2)}\n` : summary(snapshot));
    return 0;
  } finally {
    monitor.stop();
  }
}

/**
 * The snapshot as `--json` publishes it: each process with how long it had run when it was
 * taken, whose provenance is its start time's.
 */
function published(s: Snapshot): Snapshot & { processes: (ProcessRow & { elapsedSeconds?: number })[] } {
  const at = Date.parse(s.takenAt);
  const processes = s.sources.processes;
  const startedAt = processes?.fields.startedAt;
  return {
    ...s,
    processes: s.processes.map((p) => ({ ...p, elapsedSeconds: elapsedSecondsAt(p, at) })),
    sources:
      processes === undefined || startedAt === undefined
        ? s.sources
        : { ...s.sources, processes: { ...processes, fields: { ...processes.fields, elapsedSeconds: startedAt } } },
  };
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
