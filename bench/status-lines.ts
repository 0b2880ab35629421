/**
 * The first pass of a fresh /proc reader (every process new: its cmdline and status read ahead
 * by the addon, then parsed), as nobody at the processes there are, with the addon keeping of
 * each status only the lines the facts parsers read (parse.ts STATUS_FACT_KEYS) against keeping
 * every line (the keys of this process's own status), fresh readers alternated round by round.
 * CPU is process.cpuUsage's user time (the addon's reading threads included), wall the pass's.
 * Start as nobody beside N idle processes, for example:
 *
 *   for i in $(seq 5000); do sleep 3600 & done
 *   setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all node --experimental-transform-types \
 *     --import ./test/helpers/ts-hooks.mjs bench/status-lines.ts [--rounds 12]
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { STATUS_FACT_KEYS } from '../src/collectors/processes/parse.js';
import { ProcProcessReader } from '../src/collectors/processes/proc.js';
import { procFilesNative, type ProcFilesNative } from '../src/native/procfiles.js';
import { procScanNative } from '../src/native/procscan.js';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '12' } } });
const files = procFilesNative();
const scan = procScanNative();
if (!files.ok || !scan.ok) throw new Error('bench/status-lines.ts: the addon is not built (npm run build)');
const everyKey = readFileSync('/proc/self/status', 'utf8')
  .split('\n')
  .filter((line) => line.includes(':'))
  .map((line) => line.slice(0, line.indexOf(':')));
const keeping = (keys: readonly string[]): ProcFilesNative => ({ read: (root, pids, masks, cap) => files.native.read(root, pids, masks, cap, keys) });
const variants = [
  { what: 'every status line', files: keeping(everyKey), user: [] as number[], wall: [] as number[] },
  { what: 'the lines parsed', files: keeping(STATUS_FACT_KEYS), user: [] as number[], wall: [] as number[] },
];
const WARMUP = 2;
for (let round = 0; round < Number(values.rounds) + WARMUP; round++) {
  for (const v of variants) {
    const reader = new ProcProcessReader({ native: scan.native, nativeFiles: v.files });
    const start = performance.now();
    const cpu = process.cpuUsage();
    await reader.scan('/proc', 4096);
    const { user } = process.cpuUsage(cpu);
    const wall = performance.now() - start;
    reader.close();
    if (round >= WARMUP) {
      v.user.push(user / 1000);
      v.wall.push(wall);
    }
    await sleep(300);
  }
}
for (const v of variants) {
  const list = v.user.map((ms) => ms.toFixed(0)).join(' ');
  process.stdout.write(`${v.what}: user ${median(v.user).toFixed(1)} ms (${list}), wall ${median(v.wall).toFixed(1)} ms, medians of ${v.user.length}\n`);
}
