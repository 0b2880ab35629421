/**
 * The panels and chunks compressed against a per-recording dictionary (src/history/codec.ts):
 * every sample still reconstructs on its own, a dictionary that stops matching is replaced,
 * retention drops the dictionaries no sample needs, and samples of schema 1 (no dictionary, no
 * verdict column) still read and count.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { applyRetention } from '../../../src/history/retention.js';
import { openForWriting } from '../../../src/history/schema.js';
import { openRecordingTimeline } from '../../../src/history/timeline.js';
import { buildReport } from '../../../src/report/aggregate.js';
import type { Snapshot } from '../../../src/types/snapshot.js';
import { Judge } from '../../../src/verdict/index.js';
import { expectSame, record } from './record.js';
import { sequence } from './sequence.js';

const t = (s: Snapshot): number => Date.parse(s.takenAt);

/** A fixed string of `n` letters that deflate cannot shorten much, two-byte ones among them (so a trim can split one). */
function noise(seed: number, n: number): string {
  let x = seed * 2654435761 + 1;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += 'abcdéfghijklmnöpqrstuvwxyz'[x % 26];
  }
  return out;
}

/**
 * The same machine with `count` more disks, named with `nameLength` letters: with 80 disks of 300
 * its samples are larger than deflate's window.
 */
function withManyDisks(s: Snapshot, i: number, count = 80, nameLength = 300): Snapshot {
  const template = s.disks!.devices[0];
  // Rates that differ in every sample and that no dictionary predicts (from the same generator as the names).
  const rate = (field: number, k: number): number => Number.parseInt(noise(i * 1000 + k * 10 + field, 9).replace(/[^a-z]/g, 'x'), 36);
  const devices = Array.from({ length: count }, (_, k) => ({
    ...template,
    name: `nvme${k}-${noise(k, nameLength)}`,
    readBytesPerSec: rate(1, k),
    writeBytesPerSec: rate(2, k),
    readIops: rate(3, k) % 100_000,
  }));
  return { ...s, disks: { ...s.disks!, devices } };
}

function count(path: string, sql: string): number {
  const db = openForWriting(path);
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('history codec', () => {
  it('makes one dictionary from the first sample and compresses the rest against it', () => {
    const seq = sequence(20);
    const path = record(seq);
    expectSame(path, seq);
    expect(count(path, 'SELECT count(*) AS n FROM dictionaries')).toBe(1);
    expect(count(path, 'SELECT count(DISTINCT dict) AS n FROM samples')).toBe(1);
    // Against the dictionary a sample's panels are a fraction of what they compress to alone.
    const db = openForWriting(path);
    const last = db.prepare('SELECT length(panels) AS n FROM samples ORDER BY id DESC LIMIT 1').get() as { n: number };
    db.close();
    const alone = deflateRawSync(JSON.stringify({ ...seq[19], processes: undefined })).length;
    expect(last.n).toBeLessThan(alone / 2);
  });

  it('keeps its dictionary while the machine keeps its shape, however much the numbers move', () => {
    // Each sample's 120 disk rates differ: about a kilobyte that no dictionary can predict.
    const seq = sequence(12).map((s, i) => withManyDisks(s, i, 40, 20));
    const path = record(seq);
    expectSame(path, seq);
    expect(count(path, 'SELECT count(*) AS n FROM dictionaries')).toBe(1);
  });

  it('starts a new dictionary when the machine no longer looks like the old one, and every sample still reads alone', () => {
    const seq = sequence(20).map((s, i) => (i >= 10 ? withManyDisks(s, i) : s));
    const path = record(seq);
    expectSame(path, seq);
    expect(count(path, 'SELECT count(*) AS n FROM dictionaries')).toBe(2);
    // The large samples exceed deflate's 32 KiB window: the dictionary is their tail, cut wherever it falls.
    const db = openForWriting(path);
    const newest = db.prepare('SELECT data FROM dictionaries ORDER BY id DESC LIMIT 1').get() as { data: Uint8Array };
    db.close();
    expect(inflateRawSync(newest.data).length).toBe(32 * 1024);
  });

  it('retention drops the dictionaries that no kept sample or chunk uses', () => {
    // After the change the host, sources and connections chunks are new too, so nothing kept points at the first dictionary.
    const seq = sequence(20).map((s, i) =>
      i >= 10
        ? {
            ...withManyDisks(s, i),
            host: { ...s.host, hostname: 'renamed' },
            connections: s.connections.slice(1),
            sources: { ...s.sources, extra: s.sources.host },
          }
        : s,
    );
    const path = record(seq);
    const db = openForWriting(path);
    applyRetention(db, { retainMs: 60_000, downsampleStepMs: 60_000 }, t(seq[19]));
    db.close();
    expect(count(path, 'SELECT count(*) AS n FROM dictionaries')).toBe(1);
    expectSame(
      path,
      seq.filter((s) => t(s) >= t(seq[19]) - 60_000),
    );
  });

  it('reads samples of schema 1 (no dictionary) and counts their verdict from the panels', () => {
    const seq = sequence(4);
    const judge = new Judge();
    const judged = seq.map((s) => ({ ...s, verdict: judge.verdict(s) }));
    const path = record(judged.slice(0, 2));
    // Two more samples as schema 1 stored them: panels compressed alone, no dict, no verdict column.
    const db = openForWriting(path);
    const prev = db.prepare('SELECT host_chunk, sources_chunk, connections_chunk FROM samples ORDER BY id DESC LIMIT 1').get() as Record<string, number>;
    for (const s of judged.slice(2)) {
      const { schemaVersion, cpu, memory, pressure, disks, network, gpus, sensors, recentExits, connectionEvents, alerts, config, verdict, self } = s;
      const panels = { schemaVersion, cpu, memory, pressure, disks, network, gpus, sensors, recentExits, connectionEvents, alerts, config, verdict, self };
      db.prepare('INSERT INTO samples (t, interval_ms, host_chunk, sources_chunk, connections_chunk, panels) VALUES (?, ?, ?, ?, ?, ?)').run(
        t(s),
        s.intervalMs,
        prev.host_chunk,
        prev.sources_chunk,
        prev.connections_chunk,
        deflateRawSync(JSON.stringify(panels)),
      );
    }
    const report = buildReport(db, path, { by: 'process', since: t(seq[0]), until: t(seq[3]) });
    db.close();
    const name = judged[0].verdict.limiting[0]?.resource ?? 'headroom';
    expect(report.verdictSeconds).toEqual({ [name]: judged[0].intervalMs / 1000 + 30 });
    const timeline = openRecordingTimeline(path);
    try {
      expect(timeline.at(t(seq[3]))!.verdict).toEqual(judged[3].verdict);
      expect(timeline.at(t(seq[3]))!.disks).toEqual(judged[3].disks);
    } finally {
      timeline.close();
    }
  });
});
