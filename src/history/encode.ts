/**
 * Turns each published snapshot into the writer's message on the sampling thread, doing as little
 * as it can there: each process is compared in place with the values last written for it (kept by
 * pid, its start time checked), and only the rows that changed, the new processes' facts and the
 * keys of those gone are posted. The system panels and chunks travel as JSON text: a string
 * crosses to the writer as one copy, where an object graph is cloned field by field and then
 * serialised there all the same.
 */
import type { AlertState, Snapshot } from '../types/snapshot.js';
import { processKey } from '../util/processKey.js';
import { factsMatch, factsOf, rowUnchanged, rowValues, type ProcessFacts, type RowValues } from './columns.js';
import type { Panels, SampleMessage } from './message.js';
import { storedHost, storedPanelValue, storedSources } from './stored-panels.js';

/** What was last written for one live process. */
interface Written {
  startTime: number;
  key: string;
  values: RowValues;
  facts: ProcessFacts;
  /** The encode() call that last saw it: one that did not is over. */
  seen: number;
}

export class SampleEncoder {
  private last = new Map<number, Written>();
  private alertStates = new Map<string, AlertState['state']>();
  private full = true;
  private pass = 0;
  /** What rowUnchanged reads each process into. */
  private readonly scratch: RowValues = [];

  /** The next sample carries every row and fact: the writer lost the ones before. */
  reset(): void {
    this.full = true;
  }

  encode(s: Snapshot): SampleMessage {
    const full = this.full;
    this.full = false;
    const pass = ++this.pass;
    const facts: SampleMessage['facts'] = [];
    const rows: SampleMessage['rows'] = [];
    const ended: string[] = [];
    for (const p of s.processes) {
      let w = this.last.get(p.pid);
      if (w !== undefined && w.startTime !== p.startTime) {
        // The pid was reused: the process last written under it is over.
        ended.push(w.key);
        w = undefined;
      }
      if (w === undefined) {
        w = { startTime: p.startTime, key: processKey(p.pid, p.startTime), values: rowValues(p), facts: factsOf(p), seen: pass };
        this.last.set(p.pid, w);
        facts.push(w.facts);
        rows.push([w.key, w.values]);
        continue;
      }
      w.seen = pass;
      const changed = !factsMatch(w.facts, p);
      if (changed) {
        w.facts = factsOf(p);
        facts.push({ ...w.facts, changed: true });
      } else if (full) facts.push(w.facts);
      if (full || changed || !rowUnchanged(w.values, p, this.scratch)) {
        w.values = rowValues(p);
        rows.push([w.key, w.values]);
      }
    }
    for (const [pid, w] of this.last) {
      if (w.seen === pass) continue;
      ended.push(w.key);
      this.last.delete(pid);
    }
    const alertChanges: AlertState[] = [];
    const states = new Map<string, AlertState['state']>();
    for (const a of s.alerts) {
      states.set(a.id, a.state);
      if (full || this.alertStates.get(a.id) !== a.state) alertChanges.push(a);
    }
    this.alertStates = states;
    const panels: Panels = {
      schemaVersion: s.schemaVersion,
      cpu: s.cpu,
      memory: s.memory,
      pressure: s.pressure,
      disks: s.disks,
      network: s.network,
      gpus: s.gpus,
      sensors: s.sensors,
      // The exits travel on their own (`exits`) to the exits table: the panels keep the counts.
      recentExits: s.recentExits === undefined ? undefined : { seen: s.recentExits.seen, execs: s.recentExits.execs, lost: s.recentExits.lost },
      connectionEvents: s.connectionEvents,
      alerts: s.alerts,
      config: s.config,
      verdict: s.verdict,
      self: s.self,
    };
    return {
      type: 'sample',
      t: Date.parse(s.takenAt),
      intervalMs: s.intervalMs,
      json: {
        panels: JSON.stringify(panels, storedPanelValue),
        host: JSON.stringify(s.host === undefined ? null : storedHost(s.host, s.memory)),
        sources: JSON.stringify(s.sources === undefined ? null : storedSources(s.sources)),
        connections: JSON.stringify(s.connections ?? null),
      },
      limiting: s.verdict === undefined ? null : (s.verdict.limiting[0]?.resource ?? 'headroom'),
      ...(s.recentExits === undefined ? {} : { exits: s.recentExits }),
      facts,
      rows,
      ended,
      ...(full ? { present: [...this.last.values()].map((w) => w.key) } : {}),
      alertChanges,
    };
  }
}
