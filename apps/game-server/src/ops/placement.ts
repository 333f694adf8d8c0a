import { matchMaker } from '@colyseus/core';

/**
 * Where the matchmaker creates a room (several processes). Colyseus' default is the process with
 * the fewest rooms of any kind, which puts every region room on whichever process did not happen
 * to create the one-per-world rooms. The world's load is in its region rooms: a new region room
 * goes to the live process holding the fewest region rooms, then the fewest clients; any other
 * room to the process with the fewest clients, then the fewest rooms.
 */
export async function placeRoom(roomName: string): Promise<string> {
  const processes = await matchMaker.stats.fetchAll();
  if (processes.length === 0) return matchMaker.processId;
  const regionRooms = new Map<string, number>();
  if (roomName === 'region') {
    for (const room of await matchMaker.query({ name: 'region' })) {
      regionRooms.set(room.processId, (regionRooms.get(room.processId) ?? 0) + 1);
    }
  }
  const score = (p: { processId: string; ccu: number; roomCount: number }) =>
    roomName === 'region' ? [regionRooms.get(p.processId) ?? 0, p.ccu, p.roomCount] : [p.ccu, p.roomCount, 0];
  const best = [...processes].sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]! || (a.processId < b.processId ? -1 : 1);
  })[0]!;
  return best.processId;
}
