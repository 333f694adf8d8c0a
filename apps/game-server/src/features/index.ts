import type { Feature } from './types';
import { squadsFeature } from '../squads/index';
import { marketFeature } from '../market/index';
import { operationsFeature } from '../operations/index';
import { governanceFeature } from '../governance/index';
import { territoryFeature } from '../territory/index';
import { exchangeFeature } from '../exchange/index';
import { intelFeature } from '../intel/index';

/** Every feature this server runs, in start order. */
export const FEATURES: Feature[] = [squadsFeature, marketFeature, operationsFeature, governanceFeature, territoryFeature, exchangeFeature, intelFeature];
