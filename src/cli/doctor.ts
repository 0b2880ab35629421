/**
 * `smoothtask doctor [--json]`: every collector and backend, available or not, why, and what to do
 * about it; plus the things that decide those answers (Node, privileges, the native addon).
 */
import { checkDesktopService, type DesktopStatus } from '../alerts/sinks/desktop.js';
import { inspectRecording, type RecordingHealth } from '../history/inspect.js';
import { loadAddon } from '../native/binding.js';
import { configStatusOf } from '../runtime/config-reload.js';
import { Monitor } from '../runtime/monitor.js';
import type { BackendStatus, CollectorName, SourceStatus } from '../types/snapshot.js';
import { ownCapabilities } from '../util/capabilities.js';
import { formatBytes, writeOut } from './output.js';
import type { Settings } from './settings.js';

export interface DoctorReport {
  node: string;
  uid: number;
  capabilities?: string[];
  addon: { loaded: boolean; path?: string; reason?: string; remedy?: string };
  config: { path: string; source: string; note?: string };
  desktopNotifications: DesktopStatus;
  /** The history database this config names (--db, [history] db, or the default path). */
  history: RecordingHealth;
  collectors: { name: CollectorName; backend: string | null; reason?: string; lastError?: string; backends: BackendStatus[] }[];
}

export async function buildDoctorReport(settings: Settings): Promise<DoctorReport> {
  const addon = loadAddon();
  const config = configStatusOf(settings.loaded);
  const monitor = await Monitor.create({ intervalMs: settings.intervalMs, configStatus: () => config });
  try {
    const [snapshot, desktopNotifications] = await Promise.all([monitor.tick(), checkDesktopService()]);
    const collectors = (Object.entries(snapshot.sources) as [CollectorName, SourceStatus][]).map(([name, s]) => ({
      name,
      backend: s.backend,
      reason: s.reason,
      lastError: s.lastError,
      backends: s.backends,
    }));
    return {
      node: process.version,
      uid: process.getuid?.() ?? -1,
      capabilities: ownCapabilities(),
      addon: addon.ok ? { loaded: true, path: addon.path } : { loaded: false, reason: addon.reason, remedy: addon.remedy },
      config: { path: settings.loaded.path, source: settings.loaded.source, note: settings.loaded.note },
      desktopNotifications,
      history: inspectRecording(settings.recording.path, Date.now()),
      collectors,
    };
  } finally {
    monitor.stop();
  }
}

function render(r: DoctorReport): string {
  const out: string[] = [];
  out.push(`node ${r.node}, uid ${r.uid}, capabilities: ${r.capabilities?.join(' ') || 'none of CAP_BPF/PERFMON/SYS_ADMIN/...'}`);
  out.push(r.addon.loaded ? `native addon: loaded (${r.addon.path})` : `native addon: NOT loaded: ${r.addon.reason}\n  fix: ${r.addon.remedy}`);
  const noFile = r.config.note ?? `no file at ${r.config.path}`;
  out.push(`config: ${r.config.source === 'built-in' ? `built-in defaults (${noFile})` : `${r.config.path} (from ${r.config.source})`}`);
  out.push(`desktop notifications: ${r.desktopNotifications.available ? 'available' : `off: ${r.desktopNotifications.reason}`}`);
  const h = r.history;
  const free = h.freeBytes === undefined ? '' : `, ${formatBytes(h.freeBytes)} free there`;
  out.push(`history: ${h.path}: ${h.state}${h.sizeBytes !== undefined ? ` (${formatBytes(h.sizeBytes)}${free})` : free ? ` (${free.slice(2)})` : ''}`);
  for (const c of r.collectors) {
    out.push('');
    out.push(`${c.name}: ${c.backend ? `using ${c.backend}` : 'NO SOURCE'}${c.lastError ? `  (last error: ${c.lastError})` : ''}`);
    for (const b of c.backends) {
      const mark = b.available ? (b.id === c.backend ? '*' : '+') : '-';
      out.push(`  ${mark} ${b.id.padEnd(12)} ${b.available ? 'available' : 'unavailable'}${b.reason ? `: ${b.reason}` : ''}`);
      if (!b.available && b.remedy) out.push(`    fix: ${b.remedy}`);
      if (b.lastError) out.push(`    last error: ${b.lastError}`);
    }
  }
  out.push('');
  out.push('* in use   + available   - unavailable');
  return `${out.join('\n')}\n`;
}

export async function runDoctor(opts: Settings): Promise<number> {
  const report = await buildDoctorReport(opts);
  await writeOut(opts.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
  return 0;
}
