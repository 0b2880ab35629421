/**
 * Turns each published snapshot into the writer's message on the sampling thread, doing as little
 * as it can there: one array of stored values per process, compared with the last one written for
 * that process; only the rows that changed, the new processes' facts and the keys of those gone
 * are posted. The system panels travel as they are; the writer serialises them.
 */
import type { AlertState, Snapshot } from '../types/snapshot.js';
import { processKey } from '../util/processKey.js';
import { factsMatch, factsOf, rowValues, sameRow, type ProcessFacts, type RowValues } from './columns.js';
import type { SampleMessage } from './message.js';

export class SampleEncoder {
  private last = new Map<string, { values: RowValues; facts: ProcessFacts }>();
  private alertStates = new Map<string, AlertState['state']>();
  private full = true;

  /** The next sample carries every row and fact: the writer lost the ones before. */
  reset(): void {
    this.full = true;
  }

  encode(s: Snapshot): SampleMessage {
    const full = this.full;
    this.full = false;
    const next = new Map<string, { values: RowValues; facts: ProcessFacts }>();
    const facts: SampleMessage['facts'] = [];
    const rows: SampleMessage['rows'] = [];
    for (const p of s.processes) {
      const key = processKey(p.pid, p.startTime);
      const values = rowValues(p);
      const before = this.last.get(key);
      const known = before?.facts;
      const f = known !== undefined && factsMatch(known, p) ? known : factsOf(p);
      const changed = known !== undefined && f !== known;
      if (before === undefined || full || changed) facts.push(changed ? { ...f, changed: true } : f);
      if (before === undefined || full || changed || !sameRow(before.values, values)) rows.push([key, values]);
      next.set(key, { values, facts: f });
    }
    const ended: string[] = [];
    for (const key of this.last.keys()) if (!next.has(key)) ended.push(key);
    this.last = next;
    const alertChanges: AlertState[] = [];
    const states = new Map<string, AlertState['state']>();
    for (const a of s.alerts) {
      states.set(a.id, a.state);
      if (full || this.alertStates.get(a.id) !== a.state) alertChanges.push(a);
    }
    this.alertStates = states;
    return {
      type: 'sample',
      t: Date.parse(s.takenAt),
      intervalMs: s.intervalMs,
      host: s.host,
      sources: s.sources,
      connections: s.connections,
      panels: {
        schemaVersion: s.schemaVersion,
        cpu: s.cpu,
        memory: s.memory,
        pressure: s.pressure,
        disks: s.disks,
        network: s.network,
        gpus: s.gpus,
        sensors: s.sensors,
        recentExits: s.recentExits,
        connectionEvents: s.connectionEvents,
        alerts: s.alerts,
        config: s.config,
        verdict: s.verdict,
        self: s.self,
      },
      facts,
      rows,
      ended,
      ...(full ? { present: [...next.keys()] } : {}),
      alertChanges,
    };
  }
}
