/** Where the recorded /proc tree lives (test/fixtures/debian12-2cpu-vm-procdetail/README.md). */
import { join } from 'node:path';

export const FIXTURE = join(import.meta.dirname, '../../fixtures/debian12-2cpu-vm-procdetail/proc');
/** The recorded process: python3 with a file, TCP sockets and three threads. */
export const PID = 20053;
