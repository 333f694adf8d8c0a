import { Client, type Room } from '@colyseus/sdk';
import jwt from 'jsonwebtoken';
import { hexToPixel } from '@datavism/rules';
import { decodeJoins } from './light-serializer';

/**
 * A fleet of real SDK clients in the world room, run in a child process of the world-load
 * benchmark (several fleets use several cores). Each client moves at 10 inputs/s;
 * observers decode every patch and measure input→echo (from sending `move` with seq s until
 * the decoded state shows their own avatar at seq s); movers only send inputs and count the
 * bytes they receive, so the generator's core is not spent decoding N copies of the state.
 */
export interface FleetPlayer { id: string; name: string; q: number; r: number }
export interface FleetSlice { url: string; secret: string; players: FleetPlayer[]; observers: number }
export interface FleetReport { joined: number; latencies: number[]; bytes: number; disconnects: number; cpuSeconds: number }

interface Driven { room: Room<any, any>; id: string; center: { x: number; y: number }; sentAt: Map<number, number>; seq: number; timer?: NodeJS.Timeout }

export class Fleet {
  private readonly driven: Driven[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private measuring = false;
  private finished = false;
  private latencies: number[] = [];
  private bytes = 0;
  private disconnects = 0;
  private cpu0 = process.cpuUsage();

  /** Joins every player of the slice, 25 at a time, observers first. */
  async join(slice: FleetSlice): Promise<number> {
    const { players, observers } = slice;
    for (let i = 0, end = 0; i < players.length; i = end) {
      decodeJoins(i < observers);
      end = Math.min(i + 25, players.length, i < observers ? observers : Infinity);
      await Promise.all(players.slice(i, end).map((p) => this.joinOne(slice, p)));
    }
    return this.driven.length;
  }

  /** Each client sends 10 inputs/s: a random walk inside its territory. */
  startMoving(): void {
    this.driven.forEach((d, i) => {
      let angle = i;
      this.timers.push(setTimeout(() => {
        d.timer = setInterval(() => {
          if (!d.room.connection.isOpen) return;
          const me = d.room.state.avatars?.get(d.id) ?? d.center; // movers walk around their territory's centre
          angle += 0.7;
          d.seq++;
          d.sentAt.set(d.seq, performance.now());
          d.room.send('move', { x: me.x + Math.cos(angle) * 0.2, y: me.y + Math.sin(angle) * 0.2, seq: d.seq });
        }, 100);
      }, (i * 100) / this.driven.length));
    });
  }

  startMeasuring(): void {
    this.latencies = [];
    this.bytes = 0;
    this.cpu0 = process.cpuUsage();
    this.measuring = true;
  }

  stopMeasuring(): FleetReport {
    this.measuring = false;
    const cpu = process.cpuUsage(this.cpu0);
    return {
      joined: this.driven.length, latencies: this.latencies, bytes: this.bytes, disconnects: this.disconnects,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }

  async leave(): Promise<void> {
    this.finished = true;
    this.timers.forEach(clearTimeout);
    for (const d of this.driven) clearInterval(d.timer);
    await Promise.all(this.driven.map((d) => d.room.leave().catch(() => {})));
  }

  private async joinOne(slice: FleetSlice, p: FleetPlayer): Promise<void> {
    const client = new Client(slice.url);
    client.auth.token = jwt.sign({ name: p.name }, slice.secret, { subject: p.id, algorithm: 'HS256', expiresIn: '1h' });
    const room = await client.joinOrCreate('world');
    room.reconnection.enabled = false;
    room.onMessage('profile', () => {});
    room.onLeave(() => { if (!this.finished) this.disconnects++; });
    (room.connection as any).transport.ws.on('message', (data: ArrayBuffer | Buffer) => { if (this.measuring) this.bytes += data.byteLength; });
    const d: Driven = { room, id: p.id, center: hexToPixel(p, 1), sentAt: new Map(), seq: 0 };
    let lastSeq = 0;
    room.onStateChange(() => {
      const me = room.state.avatars?.get(p.id);
      if (!me || me.seq <= lastSeq) return;
      lastSeq = me.seq;
      const t = d.sentAt.get(me.seq);
      if (t !== undefined && this.measuring) this.latencies.push(performance.now() - t);
      for (const s of d.sentAt.keys()) if (s <= me.seq) d.sentAt.delete(s);
    });
    this.driven.push(d);
  }
}

/** Child-process entry: the parent sends join / measure / stop / leave. */
if (process.env.WORLD_FLEET === '1' && process.send) {
  const fleet = new Fleet();
  const reply = (m: unknown) => process.send!(m);
  process.on('message', (m: { type: string; slice?: FleetSlice }) => {
    const done = (async () => {
      if (m.type === 'join') {
        const joined = await fleet.join(m.slice!);
        fleet.startMoving();
        reply({ type: 'joined', joined });
      } else if (m.type === 'measure') {
        fleet.startMeasuring();
      } else if (m.type === 'stop') {
        reply({ type: 'report', report: fleet.stopMeasuring() });
      } else if (m.type === 'leave') {
        await fleet.leave();
        reply({ type: 'left' });
        process.exit(0);
      }
    })();
    done.catch((err) => {
      console.error(err);
      process.exit(1);
    });
  });
}
