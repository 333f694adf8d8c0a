import type { Server } from '@colyseus/core';
import type { Router } from 'express';
import type { Services } from '../context';

/**
 * A game feature (squads and territory, market, operations, governance) plugs into the server
 * here: its rooms, its HTTP routes, its jobs. Each lives in its own folder and owns its files.
 */
export interface Feature {
  name: string;
  defineRooms?(server: Server): void;
  routes?(s: Services): Router;
  registerJobs?(s: Services): void;
  /** Called once after the server listens (e.g. rebuild in-memory books from the database). */
  start?(s: Services): Promise<void>;
  stop?(s: Services): Promise<void>;
}
