import type { ComponentType } from 'react';
import { SquadPanel } from './squads/SquadPanel';
import { TerritoryWarPanel } from './territory/TerritoryWarPanel';
import { ExchangePanel } from './exchange/ExchangePanel';
import { OperationsPanel } from './operations/OperationsPanel';
import { CouncilPanel } from './governance/CouncilPanel';
import { MarketPanel } from './market/MarketPanel';
import { IntelPanel } from './intel/IntelPanel';

/**
 * Feature panels shown in the game screen's dock (squads, market, operations, council).
 * Each feature owns its folder under src/features/<name>/ and adds ONE entry here.
 */
export interface FeaturePanel {
  id: string;
  title: string;
  /** Rendered while the panel is open; receives the session token. */
  Component: ComponentType<{ token: string }>;
}

export const FEATURE_PANELS: FeaturePanel[] = [
  { id: 'squads', title: 'Squad', Component: SquadPanel },
  { id: 'territory', title: 'Sieges', Component: TerritoryWarPanel },
  { id: 'exchange', title: 'Exchange', Component: ExchangePanel },
  { id: 'operations', title: 'Operations', Component: OperationsPanel },
  { id: 'council', title: 'Council', Component: CouncilPanel },
  { id: 'market', title: 'Market', Component: MarketPanel },
  { id: 'intel', title: 'Intel', Component: IntelPanel },
];
