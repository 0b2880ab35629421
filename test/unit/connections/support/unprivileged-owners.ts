/**
 * Run as nobody by owners.test.ts: the socket owner walk over a /proc-like tree (argv[2]) whose
 * pid 2 has an fd folder nobody may not list. Prints the owners found, as JSON.
 */
import { SocketOwnerCache } from '../../../../src/collectors/connections/owners.js';
import { ReadBuffer } from '../../../../src/util/readfile.js';

// A clock that stands still: the walk's time budget never runs out, however loaded the machine.
const cache = new SocketOwnerCache(10_000, 2000, 50, () => 0);
const buffer = new ReadBuffer();
// The first lookup walks nothing (it is the first frame's); the second walks the whole tree.
cache.lookup(buffer, process.argv[2], [10, 20, 30], 0);
const found = cache.lookup(buffer, process.argv[2], [10, 20, 30], 0);
process.stdout.write(JSON.stringify(Object.fromEntries([...found].map(([inode, owner]) => [inode, owner.pid]))));
