import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot, tempDir, waitFor } from './env';

export const NGINX = '/usr/sbin/nginx';

export interface Nginx {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * The repository's nginx config (ops/nginx/datavism.conf) run for real in front of local game
 * processes: its `game-N:2567` upstreams are pointed at the given ports and it listens on a free
 * port. What docker compose --profile scale runs, without Docker.
 */
export async function startNginx(backendPorts: number[], port: number): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`nginx is not installed (${NGINX}); .ci/run installs nginx-light`);
  let site = readFileSync(path.join(repoRoot, 'ops/nginx/datavism.conf'), 'utf8');
  backendPorts.forEach((p, i) => (site = site.replaceAll(`game-${i + 1}:2567`, `127.0.0.1:${p}`)));
  site = site.replace('listen 80;', `listen 127.0.0.1:${port};`);
  const dir = tempDir('dv-nginx-');
  writeFileSync(path.join(dir, 'site.conf'), site);
  writeFileSync(path.join(dir, 'nginx.conf'), [
    `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log warn;`, 'daemon off;', 'events {}',
    'http {', '  access_log off;', `  client_body_temp_path ${dir}/body;`, `  proxy_temp_path ${dir}/proxy;`,
    `  include ${dir}/site.conf;`, '}',
  ].join('\n'));
  const child: ChildProcess = spawn(NGINX, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${out}`);
    return new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
  }, 10_000, 'nginx listening');
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** A TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
