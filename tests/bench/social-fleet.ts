import { Client, type Room } from '@colyseus/sdk';
import WebSocket from 'ws';
import jwt from 'jsonwebtoken';

/**
 * Load-generator child process of the social benchmark (social.ts): N real SDK clients in the
 * social rooms (or, for the baseline, N plain `ws` clients of a broadcast server). Each chat line
 * or emergency banner carries its send time; each fleet reports, per line, the latest arrival
 * among its clients (the parent takes the latest over fleets: "delivered to every client").
 */
export interface SocialSlice {
  url: string; secret: string; players: Array<{ id: string; name: string }>;
  /** Plain ws baseline: connect to this ws:// URL instead of joining social rooms. */
  wsUrl?: string;
}
export interface SocialFleetReport {
  /** tag → [latest arrival − sent (ms), clients that got it]. */
  lines: Record<string, [number, number]>;
  cpuSeconds: number;
  received: number;
  /** Notifications by title → [latest arrival (epoch ms), clients that got it]. */
  notified: Record<string, [number, number]>;
}

const parse = (body: string): { tag: string; sentAt: number } | null => {
  const m = /^bench (\S+) (\d+)$/.exec(body);
  return m ? { tag: m[1]!, sentAt: Number(m[2]) } : null;
};

class SocialFleet {
  private rooms: Room[] = [];
  private sockets: WebSocket[] = [];
  private lines: Record<string, [number, number]> = {};
  private received = 0;
  private notified: Record<string, [number, number]> = {};
  private cpu0 = process.cpuUsage();

  private arrive(body: string): void {
    const p = parse(body);
    if (!p) return;
    this.received++;
    const lag = Date.now() - p.sentAt;
    const l = this.lines[p.tag];
    if (l) { l[0] = Math.max(l[0], lag); l[1]++; } else this.lines[p.tag] = [lag, 1];
  }

  async join(slice: SocialSlice): Promise<number> {
    for (let i = 0; i < slice.players.length; i += 25) {
      await Promise.all(slice.players.slice(i, i + 25).map(async (p) => {
        if (slice.wsUrl) {
          const ws = new WebSocket(slice.wsUrl);
          ws.on('message', (data) => this.arrive(String(data)));
          await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
          this.sockets.push(ws);
          return;
        }
        const client = new Client(slice.url);
        client.auth.token = jwt.sign({ name: p.name }, slice.secret, { subject: p.id, algorithm: 'HS256', expiresIn: '1h' });
        const room = await client.joinOrCreate('social', {});
        // The emergency line also arrives as a chat line of the emergency channel: count the banner only.
        room.onMessage('chat', (m: { body: string; channel: string }) => { if (m.channel === 'global') this.arrive(m.body); });
        room.onMessage('emergency', (m: { body: string }) => this.arrive(m.body));
        room.onMessage('notification', (n: { title: string }) => {
          const at = Date.now();
          const cur = this.notified[n.title];
          if (cur) { cur[0] = Math.max(cur[0], at); cur[1]++; } else this.notified[n.title] = [at, 1];
        });
        room.onMessage('*', () => {});
        this.rooms.push(room);
      }));
    }
    return this.rooms.length + this.sockets.length;
  }

  /** `perSecond` posts to global, spread over this fleet's first `posters` clients in turn. */
  post(perSecond: number, seconds: number, posters: number): Promise<number> {
    let n = 0;
    const senders = this.rooms.slice(0, posters);
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        const room = senders[n % senders.length]!;
        room.send('post', { channel: 'global', body: `bench ${process.pid}-${n} ${Date.now()}` });
        if (++n >= perSecond * seconds) { clearInterval(timer); resolve(n); }
      }, 1000 / perSecond);
    });
  }

  startMeasuring(): void {
    this.lines = {};
    this.notified = {};
    this.received = 0;
    this.cpu0 = process.cpuUsage();
  }

  report(): SocialFleetReport {
    const cpu = process.cpuUsage(this.cpu0);
    return { lines: this.lines, cpuSeconds: (cpu.user + cpu.system) / 1e6, received: this.received, notified: this.notified };
  }

  async leave(): Promise<void> {
    for (const ws of this.sockets) ws.close();
    await Promise.all(this.rooms.map((r) => r.leave().catch(() => {})));
  }
}

if (process.env.SOCIAL_FLEET === '1' && process.send) {
  const fleet = new SocialFleet();
  const reply = (m: unknown) => process.send!(m);
  process.on('message', (m: { type: string; slice?: SocialSlice; perSecond?: number; seconds?: number; posters?: number }) => {
    (async () => {
      if (m.type === 'join') reply({ type: 'joined', joined: await fleet.join(m.slice!) });
      else if (m.type === 'measure') { fleet.startMeasuring(); reply({ type: 'measuring' }); }
      else if (m.type === 'post') reply({ type: 'posted', posted: await fleet.post(m.perSecond!, m.seconds!, m.posters!) });
      else if (m.type === 'report') reply({ type: 'report', report: fleet.report() });
      else if (m.type === 'leave') { await fleet.leave(); reply({ type: 'left' }); process.exit(0); }
    })().catch((err) => { console.error(err); process.exit(1); });
  });
}
