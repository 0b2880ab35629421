/**
 * openDeferred on the Monitor over the real /proc: the CPU collector led by a backend that says it
 * loads BPF programs (here /proc's own reader under another name, so the test needs no privilege).
 * Its first read after loading is not published (it would be a sample without rates: the sampler
 * makes none across two backends), and the next published pass, an interval after that read, is
 * led by it and has rates.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/collectors/contract.js';
import type { CpuRaw } from '../../../src/collectors/cpu/index.js';
import { createRegistry } from '../../../src/collectors/registry.js';
import { Monitor } from '../../../src/runtime/monitor.js';
import type { Snapshot } from '../../../src/types/snapshot.js';

// Long enough that openDeferred, called once the second pass is seen, stops the loop before a
// third /proc pass is due even on a loaded machine.
const INTERVAL_MS = 1000;

function registry() {
  const r = createRegistry();
  const proc = r.cpu.backends.find((b) => b.id === 'proc') as Backend<CpuRaw>;
  const kernel: Backend<CpuRaw> = { ...proc, id: 'kernel', usesKernel: true };
  return { ...r, cpu: { ...r.cpu, backends: [kernel, ...r.cpu.backends] } };
}

describe('Monitor.openDeferred', () => {
  it('reads what it loaded once without publishing it; the next pass, an interval later, has rates from it', async () => {
    const monitor = await Monitor.create({ intervalMs: INTERVAL_MS, configStatus: () => ({}), registry, deferKernel: true });
    const published: { at: number; snapshot: Snapshot }[] = [];
    monitor.store.subscribe(() => published.push({ at: performance.now(), snapshot: monitor.store.getSnapshot()! }));
    try {
      monitor.start();
      while (published.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(published.map((p) => p.snapshot.sources.cpu?.backend)).toEqual(['proc', 'proc']);
      expect(published[0].snapshot.sources.cpu?.backends[0]).toMatchObject({ id: 'kernel', available: false });

      const opened = performance.now();
      await monitor.openDeferred();
      expect(published).toHaveLength(2);
      while (published.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
      const next = published[2];
      expect(next.snapshot.sources.cpu?.backend).toBe('kernel');
      expect(next.snapshot.cpu?.total?.busy).toBeDefined();
      expect(next.at - opened).toBeGreaterThanOrEqual(INTERVAL_MS - 50);
    } finally {
      monitor.stop();
    }
  });
});
