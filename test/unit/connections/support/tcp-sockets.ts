/**
 * What the live connections tests list: TCP listeners on 127.0.0.1 and [::1] (kernel-chosen
 * ports) and a client connected to the first, all of this process; close() ends them.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpSockets {
  port: number;
  port6: number;
  client: Socket;
  close(): void;
}

const listening = (server: Server, host: string) =>
  new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as { port: number }).port)));

export async function openTcpSockets(): Promise<TcpSockets> {
  const server = createServer((s) => s.on('error', () => {}));
  const server6 = createServer();
  const port = await listening(server, '127.0.0.1');
  const port6 = await listening(server6, '::1');
  const client = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  return {
    port,
    port6,
    client,
    close: () => {
      client.destroy();
      server.close();
      server6.close();
    },
  };
}
