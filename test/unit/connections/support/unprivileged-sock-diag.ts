/**
 * Run as nobody by sock-diag.test.ts: opens a TCP listener on 127.0.0.1, probes the sock_diag
 * backend on the live kernel and dumps the sockets. Prints the probe, the sockets and the port, as JSON.
 */
import { createServer } from 'node:net';
import { createSockDiagConnectionsBackend, socketEntryOf } from '../../../../src/collectors/connections/sock-diag.js';
import { sockDiagNative } from '../../../../src/native/sockdiag.js';
import { liveContext } from '../../host/context.js';

const native = sockDiagNative();
const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const probe = createSockDiagConnectionsBackend(native).probe(liveContext());
  const listed = native.ok ? native.dump().map(socketEntryOf) : [];
  process.stdout.write(JSON.stringify({ probe, listed, port: (server.address() as { port: number }).port }));
  server.close();
});
