/**
 * Entering the world as the browser client does (POST /api/world/enter, then the region room
 * through the client's own RegionLink), keeping what the region room says to the player: its
 * errors (a refused deploy ends the link's pending deploy), `deployed` answers and hand-overs.
 */
import { Client, type Room } from '@colyseus/sdk';
import { expect } from 'vitest';
import type { HandoverMessage } from '@datavism/shared-schema';
import { RegionLink } from '../../apps/client/src/net/regionLink';
import { api } from './http';

export interface WorldEntry {
  client: Client;
  link: RegionLink;
  /** The body of POST /api/world/enter (the region to join, the spawn…). */
  entry: { regionId: number; territoryId: string; profile: any };
  errors: any[];
  deployed: any[];
  handovers: HandoverMessage[];
}

export async function enterWorld(url: string, token: string): Promise<WorldEntry> {
  const entry = await api(url, 'POST', '/api/world/enter', {}, token);
  expect(entry.status).toBe(200);
  const client = new Client(url);
  client.auth.token = token;
  const errors: any[] = [];
  const deployed: any[] = [];
  const handovers: HandoverMessage[] = [];
  const link: RegionLink = new RegionLink(client, {
    onRegion: (room) => {
      room.onMessage('error', (e) => {
        errors.push(e);
        if (e.type === 'deploy') link.deployRefused();
      });
      room.onMessage('deployed', (d) => deployed.push(d));
    },
    onHandover: (h) => handovers.push(h),
  });
  await link.enter(entry.body.regionId);
  return { client, link, entry: entry.body, errors, deployed, handovers };
}

/** A map room with the world notices it carries to this player (intel, achievements, level-ups). */
export async function joinMapNotices(url: string, token: string): Promise<{ room: Room<any, any>; notices: any[] }> {
  const client = new Client(url);
  client.auth.token = token;
  const room = await client.joinOrCreate('map');
  const notices: any[] = [];
  room.onMessage('notice', (m) => notices.push(m));
  for (const type of ['profile', 'deployed', 'error']) room.onMessage(type, () => {});
  return { room, notices };
}
