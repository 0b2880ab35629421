/**
 * Run by eperm.test.ts as nobody (setpriv): tries to signal, renice, ionice and chrt the root-owned
 * process named by argv (pid, startTime) through the real action code, and prints the results as
 * JSON on stdout.
 */
import { constants } from 'node:os';
import { openSignalHandle } from '../../../../src/actions/signal.ts';
import { renice } from '../../../../src/actions/renice.ts';
import { ionice } from '../../../../src/actions/ionice.ts';
import { setSched } from '../../../../src/actions/chrt.ts';
import { ReadBuffer } from '../../../../src/util/readfile.js';

/** What the reads under test read into. */
const buffer = new ReadBuffer();

const pid = Number(process.argv[2]);
const startTime = Number(process.argv[3]);
const target = { pid, startTime, uid: 0, user: 'root', comm: 'sleep', cmdline: 'sleep' };

const opened = openSignalHandle(target, { procRoot: '/proc', buffer });
const signal = opened.ok ? opened.handle.send(constants.signals.SIGTERM) : opened.result;
if (opened.ok) opened.handle.close();
process.stdout.write(
  JSON.stringify({
    uid: process.getuid?.(),
    signal,
    renice: renice(target, 10, '/proc', buffer),
    ionice: ionice(target, { ioClass: 'idle' }, '/proc', buffer),
    chrt: setSched(target, { policy: 'idle', priority: 0 }, '/proc', buffer),
  }),
);
