/**
 * Set-based notification audiences (GAME §8.2) for the events other features raise: each is a
 * SELECT of player ids that the fan-out statement embeds, so the audience is never loaded into
 * the server.
 */
import { sql } from 'drizzle-orm';
import { BROADCAST_ACTIVE_DAYS } from '@datavism/rules';
import type { Db } from './client';
import type { NotificationAudience } from './notifications';
import { queryRows } from './sql';

const activeSince = (now: Date) => new Date(now.getTime() - BROADCAST_ACTIVE_DAYS * 86_400_000);

/**
 * The players who qualify for an operation and are not in it yet: a squad mission's squad members,
 * else every player active in the last {@link BROADCAST_ACTIVE_DAYS} days.
 */
export function operationQualifiers(op: { id: string; squadId: string | null }, now: Date): NotificationAudience {
  const notIn = sql`NOT EXISTS (SELECT 1 FROM operation_participants x WHERE x.operation_id = ${op.id}::uuid AND x.player_id = p.id::text)`;
  return {
    kind: 'query',
    select: op.squadId
      ? sql`SELECT p.id FROM squad_members m JOIN players p ON p.id = m.player_id WHERE m.squad_id = ${op.squadId}::uuid AND ${notIn}`
      : sql`SELECT p.id FROM players p WHERE p.last_login_at >= ${activeSince(now)} AND ${notIn}`,
  };
}

/** Players active in the last {@link BROADCAST_ACTIVE_DAYS} days who have not voted on the proposal. */
export function proposalNonVoters(proposalId: string, now: Date): NotificationAudience {
  return {
    kind: 'query',
    select: sql`SELECT p.id FROM players p WHERE p.last_login_at >= ${activeSince(now)}
      AND NOT EXISTS (SELECT 1 FROM proposal_votes v WHERE v.proposal_id = ${proposalId}::uuid AND v.player_id = p.id)`,
  };
}

/** An open proposal closing soon. */
export interface ClosingProposal {
  id: string;
  kind: string;
  title: string;
  closesAt: Date;
}

/** Open proposals whose vote closes after `now` and no later than `until`, soonest first. */
export async function proposalsClosingBy(db: Db, now: Date, until: Date): Promise<ClosingProposal[]> {
  const rows = await queryRows<{ id: string; kind: string; title: string; closes_at: Date | string }>(db, sql`
    SELECT id::text AS id, kind, title, closes_at FROM proposals
    WHERE status = 'open' AND closes_at > ${now} AND closes_at <= ${until} ORDER BY closes_at`);
  return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, closesAt: new Date(r.closes_at) }));
}
