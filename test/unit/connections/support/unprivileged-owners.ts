/**
 * Run as nobody by owners.test.ts: the socket owner walk over a /proc-like tree (argv[2]) whose
 * pid 2 has an fd folder nobody may not list. Prints the owners found, as JSON.
 */
import { SocketOwnerCache } from '../../../../src/collectors/connections/owners.js';
import { ReadBuffer } from '../../../../src/util/readfile.js';

const cache = new SocketOwnerCache();
const found = cache.lookup(new ReadBuffer(), process.argv[2], [10, 20, 30], 0);
process.stdout.write(JSON.stringify(Object.fromEntries([...found].map(([inode, owner]) => [inode, owner.pid]))));
