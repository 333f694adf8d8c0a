import type { Feature } from './types';
import { squadsFeature } from '../squads/index';
import { marketFeature } from '../market/index';
import { operationsFeature } from '../operations/index';
import { governanceFeature } from '../governance/index';
import { territoryFeature } from '../territory/index';
import { exchangeFeature } from '../exchange/index';
import { intelFeature } from '../intel/index';
import { notificationsFeature } from '../notifications/index';
import { leaderboardsFeature } from '../leaderboards/index';
import { socialFeature } from '../social/index';
import { progressionFeature } from '../progression/index';
import { gmFeature } from '../gm/index';
import { bountiesFeature } from '../bounties/index';
import { onboardingFeature } from '../onboarding/index';
import { mentorshipFeature } from '../mentorship/index';
import { engagementFeature } from '../engagement/index';

/**
 * Every feature this server runs, in start order (stopped in reverse). Notifications come first so
 * that they stop last: the others may still notify while they stop.
 */
export const FEATURES: Feature[] = [notificationsFeature, squadsFeature, marketFeature, operationsFeature, governanceFeature, territoryFeature, exchangeFeature, intelFeature, socialFeature, progressionFeature, leaderboardsFeature, gmFeature, mentorshipFeature, onboardingFeature, bountiesFeature, engagementFeature];
