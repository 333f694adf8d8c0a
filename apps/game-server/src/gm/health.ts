/**
 * Community health (GAME §9), computed daily by a restart-safe job: each slot claims its row in
 * job_runs, computes the week ending with the day before the slot (at TIME_SCALE 1, the day that
 * just ended) in one set-based pass, replaces that day's snapshot and alerts the GMs once per
 * (day, alert).
 */
import { computeCommunityHealth, type HealthSnapshot } from '@datavism/db';
import { HEALTH_ALERT_THRESHOLDS, utcDay, type HealthAlertKind } from '@datavism/rules';
import type { Services } from '../context';
import { alertHealth } from './alerts';

export const HEALTH_JOB = 'community-health';

/** Computes and stores one day's health and raises its alerts. */
export async function runCommunityHealth(s: Services, day: string, now = new Date()): Promise<HealthSnapshot> {
  const snapshot = await computeCommunityHealth(s.database.db, day, now);
  const value: Record<HealthAlertKind, number> = {
    toxicity: snapshot.toxicity, retention: snapshot.retention, squadParticipation: snapshot.squadParticipation,
  };
  await alertHealth(s, day, snapshot.alerts.map((kind) => ({ kind, value: value[kind], threshold: HEALTH_ALERT_THRESHOLDS[kind] })));
  return snapshot;
}

/** The daily job (a game day, at least 10 s between runs). */
export function registerHealthJob(s: Services): void {
  s.jobs.register(HEALTH_JOB, async ({ scheduledFor }) => {
    await runCommunityHealth(s, utcDay(new Date(scheduledFor.getTime() - 1)));
    return { rows: 1 };
  });
  s.jobs.every(HEALTH_JOB, Math.max(10_000, s.config.durations.dayMs));
}
