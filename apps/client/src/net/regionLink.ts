/**
 * The player's link to the world's region rooms: one `region` room at a time, the one of the
 * region the player is deployed in. A deploy into another region is a hand-over: the server
 * answers `handover` with a seat already reserved in the target region's room (on whichever
 * process hosts it); the link joins it, then leaves the old room, so the avatars switch in one
 * step with no disconnect. Inputs sent while switching are queued and replayed to the new room,
 * so none is lost. Framework-free: the React client and the tests use it alike.
 */
import type { Client, Room } from '@colyseus/sdk';
import type { HandoverMessage } from '@datavism/shared-schema';
import { quickReconnection } from './stayJoined';

export interface RegionLinkEvents {
  /** A region room became the current one (first entry, a hand-over, a rejoin). */
  onRegion?(room: Room<any, any>, regionId: number): void;
  /** A deploy crossed into another region (before the switch): where and when it arrives. */
  onHandover?(h: HandoverMessage): void;
  /** A hand-over could not complete; the link is rejoining. */
  onError?(err: unknown): void;
}

type Outgoing = [type: string, message: unknown];

/** Colyseus CloseCode.CONSENTED: a deliberate close, by either side. */
const CONSENTED = 4000;

/** Queued inputs kept while a switch is in flight (10 inputs/s for a few seconds at most). */
const MAX_QUEUED = 100;

export class RegionLink {
  room: Room<any, any> | null = null;
  regionId: number | null = null;
  private switching = false;
  private leaving = false;
  private readonly queue: Outgoing[] = [];
  private switches = 0;
  private rejoinCount = 0;

  constructor(private readonly client: Client, private readonly events: RegionLinkEvents = {}) {}

  /** Join the room of `regionId` (where the server says the player is deployed). */
  async enter(regionId: number): Promise<Room<any, any>> {
    const room = await this.client.joinOrCreate('region', { regionId });
    this.adopt(room, regionId);
    return room;
  }

  /**
   * Ask to deploy; when the target is in another region (`targetRegionId`), inputs are queued
   * from now until the hand-over completes (or the deploy is refused: see `deployRefused`).
   */
  deploy(territoryId: string, targetRegionId: number): void {
    if (targetRegionId !== this.regionId) this.switching = true;
    this.room?.send('deploy', { territoryId });
  }

  /** The server refused the last deploy: stop queueing and send what was queued to the current room. */
  deployRefused(): void {
    if (!this.switching) return;
    this.switching = false;
    this.flush();
  }

  /** Send to the current region room, or queue while switching rooms. */
  send(type: string, message: unknown): void {
    if (this.switching || !this.room) {
      if (this.queue.length >= MAX_QUEUED) this.queue.shift();
      this.queue.push([type, message]);
      return;
    }
    this.room.send(type, message);
  }

  /** Leave the current room (the player leaves the world). */
  async leave(): Promise<void> {
    this.leaving = true;
    const room = this.room;
    this.room = null;
    await room?.leave(true).catch(() => {});
  }

  /** How many hand-overs completed (tests, metrics). */
  get handovers(): number {
    return this.switches;
  }

  /** How many times the link rejoined after losing its room (its process died). */
  get rejoins(): number {
    return this.rejoinCount;
  }

  private adopt(room: Room<any, any>, regionId: number): void {
    this.room = room;
    quickReconnection(room);
    this.regionId = regionId;
    room.onMessage('handover', (h: HandoverMessage) => {
      void this.handOver(room, h);
    });
    room.onLeave((code: number) => {
      // 4000 (consented): this link left, or the server closed it on purpose (signed in
      // elsewhere, banned) — never fight that. Otherwise the SDK's own reconnection failed: the
      // room's process is gone; rejoin the region (the matchmaker recreates its room).
      if (code === CONSENTED) {
        if (this.room === room) this.room = null;
        return;
      }
      if (this.room === room && !this.leaving && !this.switching) void this.rejoin();
    });
    this.events.onRegion?.(room, regionId);
  }

  private async rejoin(): Promise<void> {
    this.switching = true;
    this.room = null;
    for (let attempt = 0; !this.leaving; attempt++) {
      await new Promise((r) => setTimeout(r, Math.min(4000, 250 * 2 ** attempt)));
      try {
        const room = await this.client.joinOrCreate('region', { regionId: this.regionId });
        this.rejoinCount++;
        this.adopt(room, this.regionId!);
        this.switching = false;
        this.flush();
        return;
      } catch (err) {
        // Deployed elsewhere meanwhile (a hand-over cut short): the server names the region.
        const elsewhere = /WRONG_REGION: deployed in region (\d+)/.exec(String((err as Error)?.message));
        if (elsewhere) this.regionId = Number(elsewhere[1]);
        this.events.onError?.(err);
      }
    }
  }

  private async handOver(from: Room<any, any>, h: HandoverMessage): Promise<void> {
    if (from !== this.room) return;
    this.switching = true;
    this.events.onHandover?.(h);
    let next: Room<any, any>;
    try {
      next = await this.client.consumeSeatReservation(h.reservation as Parameters<Client['consumeSeatReservation']>[0]);
    } catch (err) {
      this.events.onError?.(err);
      if (/SUPERSEDED/.test(String((err as Error)?.message))) {
        // The player signed in again elsewhere meanwhile: this link is the stale one.
        this.switching = false;
        this.room = null;
        await from.leave(true).catch(() => {});
        return;
      }
      // The seat expired or its process went away: join the region afresh.
      next = await this.client.joinOrCreate('region', { regionId: h.regionId });
    }
    this.switches++;
    this.adopt(next, h.regionId);
    this.switching = false;
    this.flush();
    await from.leave(true).catch(() => {});
  }

  private flush(): void {
    const room = this.room;
    if (!room) return;
    for (const [type, message] of this.queue.splice(0)) room.send(type, message);
  }
}
