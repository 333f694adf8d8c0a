import { Client, type Room } from '@colyseus/sdk';
import jwt from 'jsonwebtoken';
import { hexToPixel } from '@datavism/rules';
import { lighten } from './light-serializer';
import { RegionLink } from '../../apps/client/src/net/regionLink';

/**
 * A fleet of real SDK clients in the world's region rooms (RegionLink, as the browser client), run in a child process of the world-load
 * benchmark (several fleets use several cores). Each client moves at 10 inputs/s;
 * observers decode every patch and measure input→echo (from sending `move` with seq s until
 * the decoded state shows their own avatar at seq s); movers only send inputs and count the
 * bytes they receive, so the generator's core is not spent decoding N copies of the state.
 */
export interface FleetPlayer { id: string; name: string; q: number; r: number; regionId: number }
export interface FleetSlice {
  url: string; secret: string; players: FleetPlayer[]; observers: number;
  /** Clients of this slice that move (observers first); the rest stay connected and idle. Default: all. */
  movers?: number;
  /** Region crossings (deploys to a territory of another region) this fleet sends per second. */
  crossingsPerSecond?: number;
  territories?: Array<{ id: string; regionId: number }>;
}
export interface FleetReport {
  joined: number; latencies: number[]; bytes: number; disconnects: number; cpuSeconds: number;
  /** Region hand-overs: ms from sending the deploy to the first patch of the new region's room. */
  handoverMs: number[];
}

interface Driven {
  link: RegionLink; id: string; regionId: number; center: { x: number; y: number }; sentAt: Map<number, number>; seq: number;
  timer?: NodeJS.Timeout;
  /** When the last cross-region deploy was sent (until the new room's first patch). */
  crossingSince?: number;
}

export class Fleet {
  private readonly driven: Driven[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private measuring = false;
  private finished = false;
  private latencies: number[] = [];
  private handoverMs: number[] = [];
  private bytes = 0;
  private disconnects = 0;
  private cpu0 = process.cpuUsage();

  /** Joins every player of the slice, 25 at a time, observers first. */
  async join(slice: FleetSlice): Promise<number> {
    const { players, observers } = slice;
    for (let i = 0, end = 0; i < players.length; i = end) {
      end = Math.min(i + 25, players.length, i < observers ? observers : Infinity);
      await Promise.all(players.slice(i, end).map((p, k) => this.joinOne(slice, p, i + k < observers)));
    }
    return this.driven.length;
  }

  /**
   * `perSecond` deploys across region borders, spread over the fleet's clients in turn: each
   * hands its client over to another region's view (and puts it in transit for a few seconds).
   */
  startCrossing(slice: FleetSlice): void {
    const perSecond = slice.crossingsPerSecond ?? 0;
    const territories = slice.territories ?? [];
    if (perSecond <= 0 || territories.length === 0 || this.driven.length === 0) return;
    let next = 0;
    let pick = 0;
    this.timers.push(setInterval(() => {
      const d = this.driven[next++ % this.driven.length];
      if (!d.link.room?.connection.isOpen || d.crossingSince !== undefined) return;
      let t = territories[pick++ % territories.length];
      for (let i = 0; t.regionId === d.regionId && i < territories.length; i++) t = territories[pick++ % territories.length];
      d.crossingSince = performance.now();
      d.link.deploy(t.id, t.regionId);
    }, 1000 / perSecond));
  }

  /** The first `movers` clients send 10 inputs/s each: a random walk inside their territory. */
  startMoving(movers = this.driven.length): void {
    this.driven.slice(0, movers).forEach((d, i) => {
      let angle = i;
      this.timers.push(setTimeout(() => {
        d.timer = setInterval(() => {
          const room = d.link.room;
          if (!room?.connection.isOpen) return;
          const me = room.state.avatars?.get(d.id) ?? d.center; // movers walk around their territory's centre
          angle += 0.7;
          d.seq++;
          d.sentAt.set(d.seq, performance.now());
          d.link.send('move', { x: me.x + Math.cos(angle) * 0.2, y: me.y + Math.sin(angle) * 0.2, seq: d.seq });
        }, 100);
      }, (i * 100) / Math.max(1, movers)));
    });
  }

  startMeasuring(): void {
    this.latencies = [];
    this.handoverMs = [];
    this.bytes = 0;
    this.cpu0 = process.cpuUsage();
    this.measuring = true;
  }

  stopMeasuring(): FleetReport {
    this.measuring = false;
    const cpu = process.cpuUsage(this.cpu0);
    return {
      joined: this.driven.length, latencies: this.latencies, handoverMs: this.handoverMs, bytes: this.bytes, disconnects: this.disconnects,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }

  async leave(): Promise<void> {
    this.finished = true;
    this.timers.forEach((t) => { clearTimeout(t); clearInterval(t); });
    for (const d of this.driven) clearInterval(d.timer);
    await Promise.all(this.driven.map((d) => d.link.leave().catch(() => {})));
  }

  private async joinOne(slice: FleetSlice, p: FleetPlayer, observer: boolean): Promise<void> {
    const client = new Client(slice.url);
    client.auth.token = jwt.sign({ name: p.name }, slice.secret, { subject: p.id, algorithm: 'HS256', expiresIn: '1h' });
    let d: Driven;
    const link = new RegionLink(client, {
      onRegion: (room, regionId) => {
        if (!observer) lighten(room);
        room.reconnection.enabled = false;
        room.onMessage('deployed', () => {});
        room.onMessage('error', (e: { type?: string }) => {
          if (e.type === 'deploy' && d) {
            d.crossingSince = undefined;
            link.deployRefused();
          }
        });
        room.onLeave((code) => { if (!this.finished && code !== 4000) this.disconnects++; });
        (room.connection as any).transport.ws.on('message', (data: ArrayBuffer | Buffer) => { if (this.measuring) this.bytes += data.byteLength; });
        let lastSeq = 0;
        let first = true;
        room.onStateChange(() => {
          if (!d) return;
          if (first) {
            first = false;
            if (d.crossingSince !== undefined && d.regionId !== regionId) {
              if (this.measuring) this.handoverMs.push(performance.now() - d.crossingSince);
              d.crossingSince = undefined;
              d.regionId = regionId;
            }
          }
          const me = room.state.avatars?.get(p.id);
          if (!me || me.seq <= lastSeq) return;
          lastSeq = me.seq;
          const t = d.sentAt.get(me.seq);
          if (t !== undefined && this.measuring) this.latencies.push(performance.now() - t);
          for (const s of d.sentAt.keys()) if (s <= me.seq) d.sentAt.delete(s);
        });
      },
    });
    d = { link, id: p.id, regionId: p.regionId, center: hexToPixel(p, 1), sentAt: new Map(), seq: 0 };
    await link.enter(p.regionId);
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
        fleet.startMoving(m.slice!.movers);
        fleet.startCrossing(m.slice!);
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
