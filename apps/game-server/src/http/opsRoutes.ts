import { Router } from 'express';
import type { Services } from '../context';

/** `GET /health` (what this process runs on) and `GET /metrics` (Prometheus). */
export function opsRoutes(s: Services): Router {
  const router = Router();
  const startedAt = Date.now();
  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      database: s.database.kind,
      presence: s.presenceKind,
      jobs: s.jobs.kind,
      process: s.processId,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(s.metrics.registry.contentType).send(await s.metrics.registry.metrics());
  });
  return router;
}
