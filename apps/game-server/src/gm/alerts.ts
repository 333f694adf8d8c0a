/** GM alerts (GAME §9): health alerts, new fair-play flags, a broken ledger — through the one notify path. */
import { gameMasters, type FairPlayFlag } from '@datavism/db';
import type { HealthAlertKind } from '@datavism/rules';
import type { Services } from '../context';
import { tryNotify } from '../notifications/notify';

const ALERT_TEXT: Record<HealthAlertKind, (v: number) => string> = {
  toxicity: (v) => `Toxicity is ${(v * 100).toFixed(1)} % of chat messages (alert above 10 %).`,
  retention: (v) => `Retention is ${(v * 100).toFixed(1)} % of last week's active players (alert below 40 %).`,
  squadParticipation: (v) => `Only ${(v * 100).toFixed(1)} % of active players are in a squad (alert below 30 %).`,
};

/** Tells every GM about the day's health alerts, once per (day, alert) whatever re-runs. */
export async function alertHealth(s: Services, day: string, alerts: ReadonlyArray<{ kind: HealthAlertKind; value: number }>): Promise<void> {
  if (alerts.length === 0) return;
  await tryNotify(s, alerts.map((a) => ({
    kind: 'gm_alert' as const, audience: gameMasters(), affects: { player: true },
    title: `Community health alert: ${a.kind === 'squadParticipation' ? 'squad participation' : a.kind}`,
    body: `${day}: ${ALERT_TEXT[a.kind](a.value)}`, link: '/gm#health', dedupeKey: `health:${day}:${a.kind}`,
  })));
}

/** Tells every GM about new flags: one notification per run (urgent when the ledger is broken). */
export async function alertFlags(s: Services, flags: readonly FairPlayFlag[]): Promise<void> {
  if (flags.length === 0) return;
  const ledger = flags.filter((f) => f.kind === 'ledger_anomaly');
  const kinds = [...new Set(flags.map((f) => f.kind.replace(/_/g, ' ')))].join(', ');
  await tryNotify(s, {
    kind: 'gm_alert', tier: ledger.length > 0 ? 'urgent' : undefined, audience: gameMasters(), affects: { player: true },
    timeCritical: ledger.length > 0,
    title: ledger.length > 0 ? 'Ledger anomaly: the economy\'s books do not balance' : `${flags.length} new fair-play flag${flags.length === 1 ? '' : 's'}`,
    body: ledger.length > 0 ? ledger.map((f) => f.detail).join('\n') : `${kinds}: ${flags.slice(0, 5).map((f) => f.detail).join('; ')}`,
    link: '/gm#flags', dedupeKey: `flags:${flags.map((f) => f.id).join(',')}`,
  });
}
