/**
 * Stores one sample in one transaction (the writer thread's job, history-writer.ts). What it keeps
 * in memory (the row id of each live process, the last host, sources and connections chunks) is
 * updated only after the commit, so a sample that fails to write (a full disk) leaves nothing
 * half-applied: the sampling side then sends a full sample, which this writes as a fresh start.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { containerIdentity } from '../collectors/procdetail/parse/container.js';
import { DictionaryPacker } from './codec.js';
import { packRow } from './row-codec.js';
import type { SampleMessage } from './message.js';

/** The container a cgroup path names, in a few words ("docker 3f4e5a6b7c8d", "pod <uid>"). */
export function containerName(cgroup: string | null): string | null {
  if (cgroup === null) return null;
  const id = containerIdentity(cgroup);
  if (id.containerId !== undefined) return `${id.runtime ?? 'container'} ${id.containerId.slice(0, 12)}`;
  if (id.podUid !== undefined) return `pod ${id.podUid}`;
  return null;
}

type ChunkKind = 'host' | 'sources' | 'connections';

export class SampleWriter {
  /** processKey → procs.id of every process alive in the last written sample. */
  private live = new Map<string, number>();
  private chunks: Record<ChunkKind, { json: string; id: number } | undefined> = { host: undefined, sources: undefined, connections: undefined };
  private readonly insertSample: StatementSync;
  private readonly insertChunk: StatementSync;
  private readonly insertProc: StatementSync;
  private readonly insertRow: StatementSync;
  private readonly endProc: StatementSync;
  private readonly insertExit: StatementSync;
  private readonly insertAlert: StatementSync;
  private readonly packer: DictionaryPacker;

  constructor(private readonly db: DatabaseSync) {
    this.packer = new DictionaryPacker(db);
    this.insertSample = db.prepare(
      'INSERT INTO samples (t, interval_ms, host_chunk, sources_chunk, connections_chunk, panels, dict, verdict, exits_seen, exits_lost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertChunk = db.prepare('INSERT INTO chunks (data, dict) VALUES (?, ?)');
    this.insertProc = db.prepare(
      'INSERT INTO procs (pid, start_time, started_at, comm, cmdline, uid, user, cgroup, container, kernel_thread, first_sample) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertRow = db.prepare('INSERT INTO proc_rows (proc_id, sample_id, v) VALUES (?, ?, ?)');
    this.endProc = db.prepare('UPDATE procs SET end_sample = ? WHERE id = ?');
    this.insertExit = db.prepare(
      'INSERT INTO exits (sample_id, pid, ppid, comm, uid, lifetime_ms, exited_at, exit_code, signal, cpu_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertAlert = db.prepare(
      'INSERT INTO alert_events (sample_id, alert_id, rule, metric, subject, subject_key, severity, state, value, peak, threshold, since, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // The processes a previous run left open (it was killed, or is resuming): the first sample,
    // which is full, keeps those still alive under the same id and ends the others.
    for (const row of db.prepare('SELECT id, pid, start_time FROM procs WHERE end_sample IS NULL').all() as { id: number; pid: number; start_time: number }[]) {
      this.live.set(`${row.pid}:${row.start_time}`, row.id);
    }
  }

  /** Write one sample in one transaction; throws (after rolling back) when it cannot. */
  write(m: SampleMessage): void {
    const newChunks: Partial<Record<ChunkKind, { json: string; id: number }>> = {};
    const added = new Map<string, number>();
    const gone: string[] = [];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      // The chunks that differ from the last sample's are stored anew (all of them under a new
      // dictionary); the others are shared.
      const kinds = ['host', 'sources', 'connections'] as const;
      const texts = kinds.map((kind) => m.json[kind]);
      const packed = this.packer.packSample(
        m.json.panels,
        texts,
        kinds.map((kind, i) => this.chunks[kind]?.json !== texts[i]),
      );
      kinds.forEach((kind, i) => {
        const data = packed.chunks[i];
        if (data !== undefined) newChunks[kind] = { json: texts[i], id: Number(this.insertChunk.run(data, packed.dict).lastInsertRowid) };
      });
      const chunkId = (kind: ChunkKind): number => {
        const chunk = newChunks[kind] ?? this.chunks[kind];
        if (chunk === undefined) throw new Error(`history: no ${kind} chunk to point at`);
        return chunk.id;
      };
      const exits = m.exits;
      const sampleId = Number(
        this.insertSample.run(
          m.t,
          m.intervalMs,
          chunkId('host'),
          chunkId('sources'),
          chunkId('connections'),
          packed.panels,
          packed.dict,
          m.limiting,
          exits?.seen ?? null,
          exits?.lost ?? null,
        ).lastInsertRowid,
      );
      const idOf = (key: string): number | undefined => added.get(key) ?? this.live.get(key);
      const ended = new Set(m.ended);
      for (const f of m.facts) {
        const key = `${f.pid}:${f.startTime}`;
        const known = idOf(key);
        if (known !== undefined && f.changed !== true) continue;
        // Changed facts start a new stretch of the same process: the old one ends here.
        if (known !== undefined) this.endProc.run(sampleId, known);
        const id = this.insertProc.run(
          f.pid,
          f.startTime,
          f.startedAt,
          f.comm,
          f.cmdline,
          f.uid,
          f.user,
          f.cgroup,
          containerName(f.cgroup),
          f.kernelThread,
          sampleId,
        ).lastInsertRowid;
        added.set(key, Number(id));
      }
      for (const [key, values] of m.rows) {
        const id = idOf(key);
        if (id !== undefined) this.insertRow.run(id, sampleId, packRow(values));
      }
      if (m.present !== undefined) {
        const present = new Set(m.present);
        for (const key of this.live.keys()) if (!present.has(key)) ended.add(key);
      }
      for (const key of ended) {
        const id = this.live.get(key);
        if (id === undefined) continue;
        this.endProc.run(sampleId, id);
        gone.push(key);
      }
      for (const e of exits?.exits ?? []) {
        this.insertExit.run(sampleId, e.pid, e.ppid, e.comm, e.uid, e.lifetimeMs, e.exitedAt ?? null, e.exitCode ?? null, e.signal ?? null, e.cpuMs ?? null);
      }
      for (const a of m.alertChanges) {
        this.insertAlert.run(
          sampleId,
          a.id,
          a.rule,
          a.metric ?? null,
          a.subject,
          a.subjectKey ?? null,
          a.severity,
          a.state,
          a.value,
          a.peak,
          a.threshold,
          a.since,
          a.endedAt ?? null,
        );
      }
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      this.packer.rollback();
      throw err;
    }
    this.packer.commit();
    Object.assign(this.chunks, newChunks);
    for (const [key, id] of added) this.live.set(key, id);
    for (const key of gone) this.live.delete(key);
  }
}
