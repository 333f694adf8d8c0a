import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Cut every connection and refuse new ones (the service is "down"). */
  cut(): void;
  /** Accept connections again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real service (Redis, Postgres) that a fault test can cut and restore:
 * the server under test is pointed at the proxy, so only its connections see the outage while the
 * service itself keeps serving everyone else on this machine.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let down = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect({ host: targetHost, port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      down = false;
    },
    close: () => new Promise((resolve) => {
      down = true;
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
