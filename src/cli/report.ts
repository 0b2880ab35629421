/**
 * `smoothtask report`: usage per process, command, user, cgroup, container or GPU between two
 * times, from the recording (src/report/). --since and --until take the times people type
 * (src/timeline/time.ts); a window outside the recording says which range exists (exit 1).
 */
import { buildReport, OutsideRecordingError } from '../report/aggregate.js';
import { formatCsv, formatJson, formatTable } from '../report/format.js';
import { openForReading } from '../history/schema.js';
import { parseTimeSpec, TimeSpecError } from '../timeline/time.js';
import { writeErr, writeOut } from './output.js';
import type { Settings } from './settings.js';

export async function runReport(opts: Settings): Promise<number> {
  const flags = opts.report;
  const now = Date.now();
  let since: number;
  let until: number;
  try {
    since = parseTimeSpec(flags.since ?? '24h', now);
    until = flags.until === undefined ? now : parseTimeSpec(flags.until, now);
  } catch (err) {
    if (err instanceof TimeSpecError) {
      await writeErr(`smoothtask report: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (until < since) {
    await writeErr('smoothtask report: --until is before --since\n');
    return 2;
  }
  const db = openForReading(opts.recording.path);
  try {
    const report = buildReport(db, opts.recording.path, { by: flags.by, since, until, top: flags.top });
    const format = flags.format ?? (opts.json ? 'json' : 'table');
    await writeOut(format === 'csv' ? formatCsv(report) : format === 'json' ? formatJson(report) : formatTable(report));
    return 0;
  } catch (err) {
    if (err instanceof OutsideRecordingError) {
      await writeErr(`smoothtask report: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}
