/**
 * Provenance per displayed field: the sampler records which backend supplied each raw input
 * (top-level keys and the record keys the feeds name, before a later backend fills the same
 * records in place), and `sources.<collector>.fields` names the backends behind each displayed
 * field. Once with built backends, once on this machine's real collectors (eBPF as root).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Backend, Collector, CollectorContext } from '../../../src/collectors/contract.js';
import { readHostFacts } from '../../../src/collectors/host/index.js';
import { createRegistry } from '../../../src/collectors/registry.js';
import type { ProcessesPart } from '../../../src/collectors/processes/index.js';
import { Sampler } from '../../../src/collectors/sampler.js';
import { assembleSnapshot } from '../../../src/store/assemble.js';
import { displayedProvenance } from '../../../src/store/provenance.js';
import { ReadBuffer } from '../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const extras = { intervalMs: 1000, self: { pid: 1 }, config: {} };

interface Row {
  id: number;
  ticks?: number;
  name?: string;
  net?: number;
}
interface Raw {
  rows: Row[];
  freqA: Record<number, number>;
  freqB: Record<number, number>;
}

const ctx: CollectorContext = {
  procRoot: '/nonexistent',
  sysRoot: '/nonexistent',
  readBuffer: new ReadBuffer(),
  host: { hostname: 'h', kernel: 'k', arch: 'x64', cpuCount: 1, clockTicks: 100, pageSize: 4096 },
  now: () => 0,
};

describe('displayedProvenance', () => {
  it("names the backends of each field's inputs in the feeds' order, and leaves out fields with none", () => {
    const feeds = { freqMHz: ['eventMHz', 'scalingMHz', 'cpuinfoMHz'], times: ['stat'], runqueue: ['processes.h', 'processes.m'], none: ['x'] };
    const raw = { eventMHz: 'ebpf-cpufreq', cpuinfoMHz: 'cpuinfo', stat: 'proc', 'processes.h': 'ebpf', 'processes.m': 'ebpf' };
    expect(displayedProvenance(feeds, raw)).toEqual({ freqMHz: 'ebpf-cpufreq+cpuinfo', times: 'proc', runqueue: 'ebpf' });
    expect(displayedProvenance(undefined, raw)).toEqual({});
  });

  it('equals the definition: each field the distinct backends of its read inputs, first seen first, joined by +', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'processes.h');
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.array(name, { maxLength: 6 })),
        fc.dictionary(name, fc.constantFrom('proc', 'ebpf', 'nvml')),
        (feeds, raw) => {
          const expected: Record<string, string> = {};
          for (const [field, paths] of Object.entries(feeds)) {
            const backends = [...new Set(paths.flatMap((p) => (raw[p] === undefined ? [] : [raw[p]])))];
            if (backends.length > 0) expected[field] = backends.join('+');
          }
          expect(displayedProvenance(feeds, raw)).toEqual(expected);
        },
      ),
    );
  });
});

describe('provenance through the sampler', () => {
  it('gives a record key to the backend behind most rows, also when a later one fills the records in place', async () => {
    const first: Backend<Raw> = {
      id: 'ebpf',
      probe: () => ({ available: true }),
      // Row 3's name it read itself (as the eBPF backend reads pid 1 from /proc): one row of three.
      // Its ticks it left to the next backend: two rows of three are still this one's.
      read: () => ({
        rows: [
          { id: 1, ticks: 5, name: undefined, net: undefined },
          { id: 2, ticks: 7, name: undefined, net: undefined },
          { id: 3, ticks: undefined, name: 'init', net: undefined },
        ],
        freqA: { 0: 1000 },
      }),
    };
    const fill: Backend<Raw> = {
      id: 'proc',
      probe: () => ({ available: true }),
      // Fills the earlier list's gaps in place, as the /proc reader does after eBPF.
      read: (_ctx, prior) => {
        for (const r of prior.rows ?? []) {
          r.name ??= `p${r.id}`;
          r.ticks ??= 1;
        }
        return { rows: prior.rows, freqB: { 1: 2000 } };
      },
    };
    // What derive makes of the rows does not matter here: only the sources do.
    const c: Collector<Raw, ProcessesPart> = {
      name: 'processes',
      backends: [first, fill],
      derive: () => ({ rows: [] }),
      feeds: { cpuPercent: ['rows.ticks'], cmdline: ['rows.name'], netTxBytesPerSec: ['rows.net'], freqMHz: ['freqA', 'freqB'] },
    };
    const sampler = new Sampler({ processes: c }, ctx);
    const readings = await sampler.sample();
    expect(readings.processes.fields).toEqual({ rows: 'ebpf', freqA: 'ebpf', freqB: 'proc', 'rows.ticks': 'ebpf', 'rows.name': 'proc' });
    const snap = assembleSnapshot(readings, ctx, extras);
    expect(snap.sources.processes?.fields).toEqual({ cpuPercent: 'ebpf', cmdline: 'proc', freqMHz: 'ebpf+proc' });
  });

  it('on this machine: process fields from eBPF as root (else /proc), command lines from /proc', async () => {
    const host = readHostFacts(buffer, '/proc', '/sys');
    const sampler = new Sampler(createRegistry(), { procRoot: '/proc', sysRoot: '/sys', readBuffer: new ReadBuffer(), host, now: () => performance.now() });
    try {
      await sampler.sample();
      const snap = assembleSnapshot(await sampler.sample(), sampler.ctx, extras);
      const procs = snap.sources.processes!;
      expect(procs.fields.cmdline).toBe('proc');
      expect(procs.fields.cpuPercent).toBe(procs.backend);
      expect(procs.fields.rssBytes).toBe(procs.backend);
      if (procs.backend === 'ebpf') {
        expect(procs.fields.runqueue).toBe('ebpf');
        expect(procs.fields.netTxBytesPerSec).toBe('ebpf');
      } else {
        expect(procs.fields.runqueue).toBeUndefined();
      }
      expect(snap.sources.cpu?.fields.times).toBe('proc');
      expect(snap.sources.memory?.fields).toMatchObject({ totalBytes: 'proc', load1: 'proc' });
      // Every value names backends of its own collector.
      for (const source of Object.values(snap.sources)) {
        const ids = new Set(source.backends.map((b) => b.id));
        for (const value of Object.values(source.fields)) for (const id of value.split('+')) expect(ids).toContain(id);
      }
    } finally {
      sampler.close();
    }
  });
});
