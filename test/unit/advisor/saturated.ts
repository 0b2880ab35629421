/**
 * The recorded VM with its CPU saturated by the test's own sleepers, judged over the verdict's
 * hysteresis: what the advisor tests (unit and screen) act on, with real processes behind the rows.
 */
import { readFileSync } from 'node:fs';
import type { ProcessRow, Snapshot } from '../../../src/types/snapshot.js';
import { Judge } from '../../../src/verdict/index.js';
import type { Sleeper } from '../actions/support/children.js';
import { FIXTURES } from '../host/context.js';

/** A running row for the sleeper `s`, standing in as a hog, with `fields` on top. */
export function sleeperRow(s: Sleeper, fields: Partial<ProcessRow>): ProcessRow {
  return {
    pid: s.target.pid,
    startTime: s.target.startTime,
    ppid: process.pid,
    state: 'R',
    comm: 'sleep',
    cmdline: 'sleep 60',
    user: 'root',
    uid: 0,
    ...fields,
  };
}

/** The recorded VM with its CPU saturated by `hogs`, judged over the hysteresis' samples. */
export function saturatedBy(hogs: ProcessRow[]): Snapshot {
  const snap = JSON.parse(readFileSync(`${FIXTURES}debian12-2cpu-vm-snapshot/snapshot.json`, 'utf8')) as Snapshot;
  snap.pressure!.cpu!.some!.avg10 = 80;
  snap.cpu!.total!.busy = 100;
  snap.processes = hogs;
  snap.self = { ...snap.self, pid: process.pid };
  const judge = new Judge();
  for (let i = 0; i < 3; i++) snap.verdict = judge.verdict(snap);
  return snap;
}
