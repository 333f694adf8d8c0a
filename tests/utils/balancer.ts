import net from 'node:net';

export interface Balancer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP round-robin load balancer for tests with several server processes (what nginx or
 * HAProxy is in front of a deployment): each connection goes to the next backend, and to the one
 * after it when that one refuses (a dead process), so clients that matchmake through it never
 * notice which processes are alive. WebSockets to rooms go straight to a room's process
 * (PUBLIC_ADDRESS), as in production.
 */
export async function startBalancer(backends: number[]): Promise<Balancer> {
  let next = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const tryBackend = (attempt: number) => {
      if (attempt >= backends.length) return client.destroy();
      const port = backends[next++ % backends.length]!;
      const upstream = net.connect({ host: '127.0.0.1', port });
      upstream.once('connect', () => {
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => client.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.once('error', () => {
        upstream.destroy();
        tryBackend(attempt + 1);
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
