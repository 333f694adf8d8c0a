import { seedOperationTemplates } from '@datavism/db';
import type { Feature } from '../features/types';
import { OperationRoom } from './OperationRoom';
import { runCalendar } from './calendar';
import { operationRoutes } from './routes';
import { PHASE_JOB, enterPhase, sweepOperations } from './service';
import { DEFAULT_TEMPLATES } from './templates';

/** How often overdue phases are swept (a backstop for the durable phase jobs). */
const SWEEP_MS = 5_000;

/** GAME.md feature "operations" (§6.1, §6.2, §6.5, §9): the operation room, GM console routes, webhook, phase and calendar jobs. */
export const operationsFeature: Feature = {
  name: 'operations',
  defineRooms(server) {
    server.define('operation', OperationRoom).filterBy(['operationId']);
  },
  routes: (s) => operationRoutes(s),
  registerJobs(s) {
    s.jobs.register(PHASE_JOB, async ({ payload }) => {
      const { operationId, phase } = payload as { operationId: string; phase: 'briefing' | 'active' | 'resolution' };
      await enterPhase(s, operationId, phase);
      return { rows: 1 };
    });
    s.jobs.register('operation-sweep', async () => ({ rows: await sweepOperations(s, new Date()) }));
    s.jobs.register('operation-calendar', async ({ scheduledFor }) => {
      const run = await runCalendar(s, scheduledFor);
      return { rows: run.launched.length };
    });
    s.jobs.every('operation-sweep', SWEEP_MS);
    s.jobs.every('operation-calendar', s.config.durations.dayMs);
  },
  async start(s) {
    await seedOperationTemplates(s.database.db, DEFAULT_TEMPLATES);
  },
};
