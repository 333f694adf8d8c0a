// HTTP contracts of onboarding (docs/onboarding.md): the handler's briefing, the tutorial chain,
// the calendar's next event, a siege's odds before declaring (GAME §3.1), and the live `notice` a
// player's map room sends when a mission is paid.

/** One reward line of a mission (amount in the resource's smallest unit). */
export interface TutorialRewardDto {
  resource: string;
  amount: number;
}

/** One mission of the tutorial chain, for one player. */
export interface TutorialStepDto {
  id: string;
  title: string;
  brief: string;
  /** What the server counts, in words. */
  counts: string;
  /** Where the client points: `map` or a dock panel id. */
  panel: string;
  where: string;
  rewards: TutorialRewardDto[];
  done: boolean;
  rewarded: boolean;
  doneAt: string | null;
}

/** A day of the weekly calendar with its events (GAME §6.5). */
export interface CalendarDayDto {
  day: string;
  startsAt: string;
  endsAt: string;
  events: { key: string; title: string }[];
}

/** `GET /api/onboarding` — where the player stands in the first ten minutes. */
export interface OnboardingDto {
  /** When the briefing was seen or skipped; null: show it. */
  briefingSeenAt: string | null;
  steps: TutorialStepDto[];
  /** The first mission not done (the one the client points at); null when all are. */
  current: string | null;
  /** Missions done whose reward waits to be collected. */
  collectable: string[];
  completed: number;
  total: number;
  /** The standing introductory operation, when one is live. */
  introOperation: { id: string; name: string; phase: string } | null;
  /** The server's clock (ms), for countdowns. */
  serverNow: number;
  calendar: { today: CalendarDayDto; next: CalendarDayDto | null };
}

/** `POST /api/onboarding/briefing` — the briefing was seen (or skipped). */
export interface BriefingSeenDto {
  briefingSeenAt: string;
}

/**
 * `GET /api/territories/:id/siege-preview` — both sides' current strength (GAME §3.1, §3.3): my
 * squad's members deployed there now against the AC's garrison or the holder's members there now,
 * with the multipliers the resolution applies; `attackerWins` if the battle ended now.
 */
export interface SiegePreviewDto {
  territoryId: string;
  territoryName: string;
  attacker: { squadId: string; squadName: string; committed: number; strength: number; members: number };
  defender: { kind: 'ac'; garrison: number; strength: number } | { kind: 'squad'; squadName: string; committed: number; strength: number };
  attackerWins: boolean;
}

/** `POST /api/onboarding/missions/:step/collect` — what the ledger paid. */
export interface CollectedRewardDto {
  step: string;
  rewards: TutorialRewardDto[];
}

/** The live notice of a recorded mission (`notice` on the map room, to that player only). */
export interface TutorialNoticeDto {
  kind: 'tutorial';
  message: string;
  step: string;
  next: string | null;
}
