/**
 * Vote rings (GAME §9): accounts created or funded together that vote identically across
 * proposals. Voters are grouped by their exact ballot over the look-back window (which proposals,
 * yes or no); inside a group two accounts are linked when they were created within
 * `createdWithinMs` of each other or received resources from the same account, and cast every one
 * of their votes within `voteSpanMs` of each other (coordinated, not merely like-minded). A linked
 * group of at least `minSize` accounts is a ring.
 */
import { groupSubject, type FlagDraft } from './flags';

export interface VoterRecord {
  playerId: string;
  /** Epoch ms the account was created. */
  createdAt: number;
  /** Accounts (players, squads) that transferred resources to this one in the window. */
  funders: readonly string[];
  /** The player's votes: proposal id, support, epoch ms cast. */
  votes: ReadonlyArray<{ proposalId: string; support: boolean; at: number }>;
}

export interface VoteRingOptions {
  /** @default 3 */
  minProposals: number;
  /** @default 3 */
  minSize: number;
  /** @default 1 hour */
  createdWithinMs: number;
  /** @default 10 minutes */
  voteSpanMs: number;
}

export const DEFAULT_VOTE_RING_OPTIONS: VoteRingOptions = { minProposals: 3, minSize: 3, createdWithinMs: 3_600_000, voteSpanMs: 600_000 };

function ballotKey(v: VoterRecord): string {
  return [...v.votes].sort((a, b) => (a.proposalId < b.proposalId ? -1 : 1)).map((x) => `${x.proposalId}:${x.support ? 'y' : 'n'}`).join(',');
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) { this.parent = Array.from({ length: n }, (_, i) => i); }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  union(a: number, b: number): void { this.parent[this.find(a)] = this.find(b); }
}

/** The vote rings among `voters` (any order). */
export function detectVoteRings(voters: readonly VoterRecord[], o: VoteRingOptions = DEFAULT_VOTE_RING_OPTIONS): FlagDraft[] {
  const byBallot = new Map<string, VoterRecord[]>();
  for (const v of voters) {
    if (v.votes.length < o.minProposals) continue;
    const key = ballotKey(v);
    let list = byBallot.get(key);
    if (!list) byBallot.set(key, (list = []));
    list.push(v);
  }
  const out: FlagDraft[] = [];
  for (const group of byBallot.values()) {
    if (group.length < o.minSize) continue;
    group.sort((a, b) => a.createdAt - b.createdAt);
    const castAt = group.map((v) => new Map(v.votes.map((x) => [x.proposalId, x.at])));
    const coordinated = (i: number, j: number) => {
      for (const [p, at] of castAt[i]) if (Math.abs(at - castAt[j].get(p)!) > o.voteSpanMs) return false;
      return true;
    };
    const uf = new UnionFind(group.length);
    // Created together: neighbours in creation order within the window.
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length && group[j].createdAt - group[i].createdAt <= o.createdWithinMs; j++) {
        if (coordinated(i, j)) uf.union(i, j);
      }
    }
    // Funded together: the same funder.
    const byFunder = new Map<string, number[]>();
    group.forEach((v, i) => { for (const f of new Set(v.funders)) { const l = byFunder.get(f) ?? []; l.push(i); byFunder.set(f, l); } });
    for (const members of byFunder.values()) {
      for (let a = 0; a < members.length; a++) {
        for (let b = a + 1; b < members.length; b++) if (coordinated(members[a], members[b])) uf.union(members[a], members[b]);
      }
    }
    const rings = new Map<number, number[]>();
    group.forEach((_, i) => { const r = uf.find(i); const l = rings.get(r) ?? []; l.push(i); rings.set(r, l); });
    for (const idx of rings.values()) {
      if (idx.length < o.minSize) continue;
      const members = idx.map((i) => group[i]);
      const ids = members.map((m) => m.playerId).sort();
      const created = members.map((m) => m.createdAt);
      const funderCounts = new Map<string, number>();
      for (const m of members) for (const f of new Set(m.funders)) funderCounts.set(f, (funderCounts.get(f) ?? 0) + 1);
      const sharedFunders = [...funderCounts].filter(([, n]) => n > 1).map(([f]) => f).sort();
      const ballot = [...members[0].votes].sort((a, b) => (a.proposalId < b.proposalId ? -1 : 1))
        .map((v) => {
          const times = members.map((m) => m.votes.find((x) => x.proposalId === v.proposalId)!.at);
          return { proposalId: v.proposalId, support: v.support, castSpanMs: Math.max(...times) - Math.min(...times) };
        });
      out.push({
        kind: 'vote_ring',
        playerIds: ids,
        subject: groupSubject(ids),
        detail: `${ids.length} accounts ${sharedFunders.length ? 'funded by the same account' : 'created together'} cast identical votes on ${ballot.length} proposals within minutes of each other`,
        evidence: {
          members: ids.length, proposals: ballot, createdSpanMs: Math.max(...created) - Math.min(...created), sharedFunders,
          thresholds: { ...o },
        },
        count: ids.length * ballot.length,
      });
    }
  }
  return out;
}
