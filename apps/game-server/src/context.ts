import type { Presence } from '@colyseus/core';
import type { Database } from '@datavism/db';
import type { Config } from './config';
import type { JobRunner } from './jobs/types';
import type { Logger } from './logger';
import type { Metrics } from './ops/metrics';
import type { ParameterStore } from './world/parameters';

/**
 * The services one server process runs with. Colyseus instantiates rooms itself, so rooms
 * reach these through `services()`, set once at boot.
 */
export interface Services {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  jobs: JobRunner;
  presence: Presence;
  parameters: ParameterStore;
  processId: string;
  presenceKind: 'local' | 'redis';
}

let current: Services | null = null;

export function setServices(s: Services | null): void {
  current = s;
}

export function services(): Services {
  if (!current) throw new Error('services not initialised: boot the server first');
  return current;
}

/** Presence channel names, prefixed so several worlds can share one Redis. */
export function channel(config: Config, name: string): string {
  return `${config.redisPrefix}:${name}`;
}
