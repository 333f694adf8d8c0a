import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { IconName } from '../ui/icons';

/**
 * Feature panels shown in the game screen's dock. Each feature owns its folder under
 * src/features/<name>/ and adds ONE entry here. Panels load on demand (their code is not in the
 * initial bundle); `load` is also called on hover so the chunk is usually there before the click.
 */
/** What an open panel receives: the session token, and a way to open another panel (by id) in its place. */
export interface FeaturePanelProps {
  token: string;
  openPanel?: (id: string) => void;
}

export interface FeaturePanel {
  id: string;
  title: string;
  icon: IconName;
  /** One line under the title in the drawer. */
  subtitle: string;
  load: () => Promise<{ default: ComponentType<FeaturePanelProps> }>;
  /** Rendered while the panel is open; receives the session token. */
  Component: LazyExoticComponent<ComponentType<FeaturePanelProps>>;
}

function panel(id: string, title: string, icon: IconName, subtitle: string, load: FeaturePanel['load']): FeaturePanel {
  return { id, title, icon, subtitle, load, Component: lazy(load) };
}

export const FEATURE_PANELS: FeaturePanel[] = [
  panel('today', 'Today', 'today', 'Your daily brief: handler, mission, squad, trending, challenge', () => import('./engagement/TodayPanel').then((m) => ({ default: m.TodayPanel }))),
  panel('squads', 'Squad', 'squad', 'Your cell of the resistance', () => import('./squads/SquadPanel').then((m) => ({ default: m.SquadPanel }))),
  panel('territory', 'Sieges', 'siege', 'Battles for territory', () => import('./territory/TerritoryWarPanel').then((m) => ({ default: m.TerritoryWarPanel }))),
  panel('operations', 'Operations', 'operation', 'Live operations and missions', () => import('./operations/OperationsPanel').then((m) => ({ default: m.OperationsPanel }))),
  panel('intel', 'Intel', 'intel', 'Collective intelligence and challenges', () => import('./intel/IntelPanel').then((m) => ({ default: m.IntelPanel }))),
  panel('market', 'Market', 'market', 'Order books for tradeable resources', () => import('./market/MarketPanel').then((m) => ({ default: m.MarketPanel }))),
  panel('exchange', 'Exchange', 'exchange', 'Instant swaps and auctions', () => import('./exchange/ExchangePanel').then((m) => ({ default: m.ExchangePanel }))),
  panel('council', 'Council', 'council', 'Proposals, votes and elections', () => import('./governance/CouncilPanel').then((m) => ({ default: m.CouncilPanel }))),
  panel('profile', 'Profile', 'me', 'Reputation, rank, badges and the codex', () => import('./progression/ProgressionPanel').then((m) => ({ default: m.ProgressionPanel }))),
  panel('codex', 'Codex', 'codex', 'The briefing, your first missions, the calendar', () => import('./onboarding/CodexPanel').then((m) => ({ default: m.CodexPanel }))),
  panel('leaderboards', 'Leaderboards', 'flag', 'Weekly boards, your rank, past seasons', () => import('./leaderboards/LeaderboardsPanel').then((m) => ({ default: m.LeaderboardsPanel }))),
  panel('mentorship', 'Mentorship', 'link', 'Find a mentor, or mentor newcomers', () => import('./mentorship/MentorshipPanel').then((m) => ({ default: m.MentorshipPanel }))),
  panel('bounties', 'Bounties', 'bounty', 'Contracts with escrowed rewards', () => import('./bounties/BountyPanel').then((m) => ({ default: m.BountyPanel }))),
];
