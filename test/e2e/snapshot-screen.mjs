// Shows a recorded snapshot on the real screen: the built App (dist/, so `bash scripts/build.sh`
// first) over a Store holding the snapshot in the JSON file named by the first argument, drawn
// by runScreen as `smoothtask top` draws it. For tmux tests of hosts this machine is not (the big
// host). q quits. Plain JavaScript: Node runs it without a TypeScript step.
import { readFileSync } from 'node:fs';
import { Store } from '../../dist/store/store.js';
import { runScreen } from '../../dist/ui/run.js';

const snapshot = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const store = new Store(60);
store.publish(snapshot);
await runScreen({ store, intervalMs: snapshot.intervalMs, color: 'none', ascii: false, onQuit: () => {} });
