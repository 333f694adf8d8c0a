/**
 * Closed rings (GAME §9 collusion): groups of accounts that keep giving to each other — endorsing
 * each other (GAME §1), confirming each other's intel (§6.3). The input is a directed graph of
 * "A gave B n times" over a look-back window, with each account's totals given and received
 * (including to and from accounts outside the graph). A ring is a strongly connected group of
 * 2..maxSize accounts in which every member gave at least `minGiven` times, and gave and received
 * at least `insideShare` (half) of everything inside the group. Honest players spread what they give
 * over many others; their strongly connected groups are large and leak out. (Half, not more: the
 * 7-day rule caps how often a pair may endorse each other, so a ring endorses outsiders on the
 * other days; tests/bench/fairplay.ts measures the trade-off.)
 */
import { groupSubject, type FlagDraft, type FlagKind } from './flags';

export interface GiveEdge {
  from: string;
  to: string;
  count: number;
}

export interface RingTotals {
  given: number;
  received: number;
}

export interface RingOptions {
  /** @default 3 */
  minGiven: number;
  /** Share of what each member gave, and of what each received, that stays inside the group. @default 0.5 */
  insideShare: number;
  /** @default 2 */
  minSize: number;
  /** @default 8 */
  maxSize: number;
}

export const DEFAULT_RING_OPTIONS: RingOptions = { minGiven: 3, insideShare: 0.5, minSize: 2, maxSize: 8 };

/** Strongly connected components (Tarjan, iterative), each as a list of nodes. */
export function stronglyConnected(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: root, i: 0 }];
    index.set(root, next); low.set(root, next); next++;
    stack.push(root); onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const succ = edges.get(frame.v) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++];
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++;
          stack.push(w); onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.v);
        out.push(component);
      }
    }
  }
  return out;
}

/**
 * The closed rings of a give-graph. `what` names the gift in the detail ("endorsements",
 * "intel confirmations").
 */
export function detectRings(
  kind: FlagKind,
  what: string,
  edges: readonly GiveEdge[],
  totals: ReadonlyMap<string, RingTotals>,
  o: RingOptions = DEFAULT_RING_OPTIONS,
): FlagDraft[] {
  const succ = new Map<string, string[]>();
  const weight = new Map<string, number>();
  for (const e of edges) {
    if (e.from === e.to || e.count <= 0) continue;
    const key = `${e.from}>${e.to}`;
    if (!weight.has(key)) {
      let list = succ.get(e.from);
      if (!list) succ.set(e.from, (list = []));
      list.push(e.to);
    }
    weight.set(key, (weight.get(key) ?? 0) + e.count);
  }
  const nodes = [...new Set([...succ.keys(), ...[...succ.values()].flat()])].sort();
  const out: FlagDraft[] = [];
  for (const group of stronglyConnected(nodes, succ)) {
    if (group.length < o.minSize || group.length > o.maxSize) continue;
    const members = new Set(group);
    const inside = new Map<string, { given: number; received: number }>();
    for (const m of group) inside.set(m, { given: 0, received: 0 });
    const ringEdges: GiveEdge[] = [];
    for (const a of group) {
      for (const b of succ.get(a) ?? []) {
        if (!members.has(b)) continue;
        const n = weight.get(`${a}>${b}`)!;
        inside.get(a)!.given += n;
        inside.get(b)!.received += n;
        ringEdges.push({ from: a, to: b, count: n });
      }
    }
    const perMember = group.sort().map((m) => {
      const t = totals.get(m) ?? { given: inside.get(m)!.given, received: inside.get(m)!.received };
      const i = inside.get(m)!;
      return { playerId: m, given: t.given, received: t.received, givenInside: i.given, receivedInside: i.received };
    });
    const closed = perMember.every((m) => m.given >= o.minGiven
      && m.givenInside >= o.insideShare * m.given
      && m.received > 0 && m.receivedInside >= o.insideShare * m.received);
    if (!closed) continue;
    const total = ringEdges.reduce((a, e) => a + e.count, 0);
    out.push({
      kind,
      playerIds: group,
      subject: groupSubject(group),
      detail: `${group.length} accounts gave each other ${total} ${what}, ≥ ${Math.round(o.insideShare * 100)} % of all they gave and received`,
      evidence: { members: perMember, edges: ringEdges, thresholds: { ...o } },
      count: total,
    });
  }
  return out;
}
