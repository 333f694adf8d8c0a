import type { Client } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import type { Avatar } from '@datavism/shared-schema';

type AvatarRef = InstanceType<typeof Avatar>;

interface Handover {
  view: StateView;
  target: StateView;
  /** Set once a patch has gone out through the hand-over view. */
  sent: boolean;
}

/**
 * Interest management for the world room: one StateView per region, shared by every client
 * whose avatar is there. Colyseus encodes a view once per patch and sends the same bytes to
 * all clients holding it, so a patch costs one view encoding per region instead of one per
 * client.
 *
 * A client moving to another region still has the old region's avatars decoded. For one
 * patch it gets a private hand-over view that deletes those and adds the new region's; the
 * patch after that it joins the new region's shared view.
 */
export class RegionViews {
  private readonly views = new Map<number, StateView>();
  private readonly members = new Map<number, Map<string, AvatarRef>>();
  private readonly handovers = new Map<string, Handover>();

  /** A joining client's avatar enters its region: it sees everyone there and they see it. */
  enter(client: Client, avatar: AvatarRef): void {
    this.view(avatar.regionId).add(avatar);
    this.membersOf(avatar.regionId).set(client.sessionId, avatar);
    client.view = this.view(avatar.regionId);
  }

  /** The client left the room: its avatar disappears from its region. */
  leave(client: Client, avatar: AvatarRef): void {
    const members = this.members.get(avatar.regionId);
    if (members?.get(client.sessionId) === avatar) members.delete(client.sessionId);
    this.views.get(avatar.regionId)?.remove(avatar);
    this.dropHandover(client.sessionId);
  }

  /** The avatar changes region (a deploy across a border); sets `avatar.regionId`. */
  move(client: Client, avatar: AvatarRef, toRegion: number): void {
    const old = this.membersOf(avatar.regionId);
    const handover = new StateView();
    // What this client has decoded already: mark it visible without queueing anything.
    for (const other of old.values()) handover.add(other);
    handover.changes.clear();
    old.delete(client.sessionId);
    this.view(avatar.regionId).remove(avatar);
    for (const other of old.values()) handover.remove(other);

    avatar.regionId = toRegion;
    const target = this.view(toRegion);
    target.add(avatar);
    const members = this.membersOf(toRegion);
    members.set(client.sessionId, avatar);
    for (const other of members.values()) if (other !== avatar) handover.add(other);

    this.dropHandover(client.sessionId);
    this.handovers.set(client.sessionId, { view: handover, target, sent: false });
    client.view = handover;
  }

  /** Before each patch: clients whose hand-over patch went out move onto their region's shared view. */
  beforePatch(clients: Iterable<Client>): void {
    if (this.handovers.size === 0) return;
    for (const client of clients) {
      const handover = this.handovers.get(client.sessionId);
      if (!handover) continue;
      if (!handover.sent) {
        handover.sent = true;
        continue;
      }
      client.view = handover.target;
      this.dropHandover(client.sessionId);
    }
  }

  private dropHandover(sessionId: string): void {
    const handover = this.handovers.get(sessionId);
    if (!handover) return;
    handover.view.dispose();
    this.handovers.delete(sessionId);
  }

  private view(regionId: number): StateView {
    let view = this.views.get(regionId);
    if (!view) this.views.set(regionId, (view = new StateView()));
    return view;
  }

  private membersOf(regionId: number): Map<string, AvatarRef> {
    let members = this.members.get(regionId);
    if (!members) this.members.set(regionId, (members = new Map()));
    return members;
  }
}
