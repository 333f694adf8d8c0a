/**
 * The tutorial chain (GAME is silent; docs/onboarding.md): seven short missions a new player is
 * walked through after the handler's briefing. Each is completed by a real event the server
 * records — never by the client saying so — once per player, and pays a modest reward through
 * the ledger when the player collects it. Pure data and the chain's order; no clock, no database.
 */
import type { Resource } from './resources';

/** The missions, in the order the chain presents them. */
export const TUTORIAL_STEP_IDS = ['deploy', 'walk', 'squad', 'operation', 'trade', 'vote', 'intel'] as const;
/** One mission of the chain. */
export type TutorialStepId = (typeof TUTORIAL_STEP_IDS)[number];

/** Where in the client a mission is done: the map itself or a dock panel. */
export type TutorialPanel = 'map' | 'squads' | 'operations' | 'exchange' | 'council' | 'intel';

/** One reward line, in the resource's smallest unit. */
export interface TutorialReward {
  resource: Resource;
  amount: number;
}

/** A mission of the chain. */
export interface TutorialStep {
  id: TutorialStepId;
  title: string;
  /** What to do, in the handler's voice. */
  brief: string;
  /** The event the server counts, in words. */
  counts: string;
  /** Where the client points the player. */
  panel: TutorialPanel;
  /** What to look for there. */
  where: string;
  rewards: readonly TutorialReward[];
}

/**
 * The chain. Rewards are modest on purpose — together about two and a half daily login bonuses
 * (110 credits) — so the chain teaches the game without becoming a farm; each is paid once.
 */
export const TUTORIAL_STEPS: readonly TutorialStep[] = [
  {
    id: 'deploy', title: 'Move out', panel: 'map', where: 'Select a hex on the map, then "Deploy here" on its card',
    brief: 'You are standing on our safe ground. Pick a hex nearby and deploy to it — travel takes two seconds a hex.',
    counts: 'a deployment to another territory',
    rewards: [{ resource: 'resistance_credits', amount: 50 }],
  },
  {
    id: 'walk', title: 'Walk the ground', panel: 'map', where: 'WASD or the arrow keys on the map',
    brief: 'Get a feel for the streets. Walk around the territory you are on.',
    counts: 'a step the server applied to your avatar',
    rewards: [{ resource: 'resistance_credits', amount: 25 }],
  },
  {
    id: 'squad', title: 'Find your cell', panel: 'squads', where: 'Squad → the squad finder, or found your own',
    brief: 'Nobody fights the Control alone. Join a squad — the finder will suggest one — or found your own.',
    counts: 'joining or founding a squad',
    rewards: [{ resource: 'resistance_credits', amount: 100 }],
  },
  {
    id: 'operation', title: 'Pitch in', panel: 'operations', where: 'Operations → First Light → contribute',
    brief: 'Operations are how the whole network moves at once. Put a few credits into the one running now.',
    counts: 'a contribution to any operation',
    rewards: [{ resource: 'cpu_cycles', amount: 20 }, { resource: 'resistance_credits', amount: 25 }],
  },
  {
    id: 'trade', title: 'Work the exchange', panel: 'exchange', where: 'Exchange → swap, or the Market\'s order book',
    brief: 'The Control prices everything; we trade among ourselves. Make one swap or one trade.',
    counts: 'a swap at a pool or a filled market trade',
    rewards: [{ resource: 'data_credits', amount: 20 }],
  },
  {
    id: 'vote', title: 'Have your say', panel: 'squads', where: 'Squad → Decisions (or a proposal in the Council)',
    brief: 'We decide together. Cast a vote — on a squad decision, a proposal or an election ballot.',
    counts: 'a vote on a squad decision or a proposal, or an election ballot',
    rewards: [{ resource: 'resistance_credits', amount: 50 }],
  },
  {
    id: 'intel', title: 'Report what you see', panel: 'intel', where: 'Intel → submit a fragment',
    brief: 'Every fragment you file helps us see the pattern. Submit one piece of intel.',
    counts: 'an intel fragment you submitted or confirmed',
    rewards: [{ resource: 'cpu_cycles', amount: 25 }],
  },
];

const BY_ID = new Map(TUTORIAL_STEPS.map((s) => [s.id, s]));

/** True if `x` names a mission of the chain. */
export function isTutorialStepId(x: unknown): x is TutorialStepId {
  return typeof x === 'string' && BY_ID.has(x as TutorialStepId);
}

/** The mission `id`. */
export function tutorialStep(id: TutorialStepId): TutorialStep {
  return BY_ID.get(id)!;
}

/** What the whole chain pays, per resource. */
export function tutorialRewardTotals(): Partial<Record<Resource, number>> {
  const out: Partial<Record<Resource, number>> = {};
  for (const s of TUTORIAL_STEPS) for (const r of s.rewards) out[r.resource] = (out[r.resource] ?? 0) + r.amount;
  return out;
}

/** A mission's state for one player. */
export interface TutorialStepState {
  id: TutorialStepId;
  done: boolean;
  /** The reward went through the ledger. */
  rewarded: boolean;
}

/** A player's place in the chain. */
export interface TutorialChain {
  steps: TutorialStepState[];
  /** The first mission not done yet (the one the client points at), or null when all are. */
  current: TutorialStepId | null;
  /** Missions done whose reward has not been collected yet, in chain order. */
  collectable: TutorialStepId[];
  completed: number;
  total: number;
}

/**
 * The chain for a player from the missions the server recorded. Missions count in any order (a
 * player who trades before deploying keeps the trade); the client points at the first one not done.
 * @example tutorialChain(new Map([['deploy', { rewarded: true }]])).current // 'walk'
 */
export function tutorialChain(recorded: ReadonlyMap<string, { rewarded: boolean }>): TutorialChain {
  const steps = TUTORIAL_STEPS.map((s) => {
    const r = recorded.get(s.id);
    return { id: s.id, done: r !== undefined, rewarded: r?.rewarded ?? false };
  });
  const completed = steps.filter((s) => s.done).length;
  return {
    steps, current: steps.find((s) => !s.done)?.id ?? null,
    collectable: steps.filter((s) => s.done && !s.rewarded).map((s) => s.id), completed, total: steps.length,
  };
}

/** A mission's rewards in words: "+50 resistance credits, +20 cpu cycles". */
export function tutorialRewardText(id: TutorialStepId): string {
  return tutorialStep(id).rewards.map((r) => `+${r.amount} ${r.resource.replace(/_/g, ' ')}`).join(', ');
}

/**
 * The notice a player gets when the server records a mission: what they did, the reward waiting
 * on their mission card, and what comes next.
 * @example tutorialNoticeText('deploy', 'walk') // 'Mission complete: Move out. Collect +50 resistance credits on your mission card. Next: Walk the ground.'
 */
export function tutorialNoticeText(id: TutorialStepId, next: TutorialStepId | null): string {
  return `Mission complete: ${tutorialStep(id).title}. Collect ${tutorialRewardText(id)} on your mission card. `
    + (next ? `Next: ${tutorialStep(next).title}.` : 'That was the last one — the network is yours.');
}
