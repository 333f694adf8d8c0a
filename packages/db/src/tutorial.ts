/**
 * Onboarding persistence (docs/onboarding.md): the tutorial chain's missions — recorded by the
 * triggers of migration 0026 on the real events, announced after they commit, paid here through
 * the ledger exactly once when the player collects them — the briefing's "seen" mark, and the one mission no table
 * records (walking: movement lives in the region rooms).
 */
import { sql } from 'drizzle-orm';
import { isTutorialStepId, tutorialStep, type TutorialStepId } from '@datavism/rules';
import type { Db } from './client';
import { mint, withTransaction } from './ledger';
import { execute, isUuid, queryRows } from './sql';

/** One recorded mission of a player. */
export interface TutorialStepRow {
  step: TutorialStepId;
  doneAt: Date;
  rewardedAt: Date | null;
}

/** A recorded mission (being announced by a process, under a lease; or being collected). */
export interface TutorialGrant {
  playerId: string;
  step: TutorialStepId;
}

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

/**
 * Records a mission the server saw happen outside the database (the first applied step of a
 * walk). Idempotent: the primary key keeps one row. Unknown players are ignored.
 */
export async function recordTutorialStep(db: Db, playerId: string, step: TutorialStepId): Promise<boolean> {
  if (!isUuid(playerId)) return false;
  const n = await execute(db, sql`INSERT INTO tutorial_steps (player_id, step)
    SELECT id, ${step} FROM players WHERE id = ${playerId}::uuid ON CONFLICT DO NOTHING`);
  return n > 0;
}

/** A player's recorded missions, in the order they were done. */
export async function tutorialSteps(db: Db, playerId: string): Promise<TutorialStepRow[]> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<{ step: string; done_at: unknown; rewarded_at: unknown }>(db, sql`
    SELECT step, done_at, rewarded_at FROM tutorial_steps WHERE player_id = ${playerId}::uuid ORDER BY done_at, step`);
  return rows.filter((r) => isTutorialStepId(r.step)).map((r) => ({
    step: r.step as TutorialStepId, doneAt: date(r.done_at), rewardedAt: r.rewarded_at ? date(r.rewarded_at) : null,
  }));
}

/**
 * Claims up to `limit` missions not yet announced (a lease of `leaseMs`, SKIP LOCKED, so two
 * processes never take the same row; a crashed process's rows come back when the lease runs out).
 */
export async function claimTutorialGrants(db: Db, input: { now: Date; limit: number; leaseMs: number }): Promise<TutorialGrant[]> {
  const until = new Date(input.now.getTime() + input.leaseMs);
  const rows = await queryRows<{ player_id: string; step: string }>(db, sql`
    WITH due AS (
      SELECT player_id, step FROM tutorial_steps
      WHERE announced_at IS NULL AND (announce_lease IS NULL OR announce_lease <= ${input.now})
      ORDER BY done_at LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE tutorial_steps ts SET announce_lease = ${until}
    FROM due WHERE ts.player_id = due.player_id AND ts.step = due.step
    RETURNING ts.player_id::text AS player_id, ts.step`);
  return rows.filter((r) => isTutorialStepId(r.step)).map((r) => ({ playerId: r.player_id, step: r.step as TutorialStepId }));
}

/**
 * Pays one mission's rewards (minted to the player, reason `tutorial`) and marks it rewarded, in
 * one transaction. Exactly once: each reward line carries the idempotency key
 * `tutorial:<player>:<step>:<resource>`, and a row already rewarded pays nothing. Returns whether
 * this call paid.
 */
export async function payTutorialReward(db: Db, grant: TutorialGrant, now: Date): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const [row] = await queryRows<{ rewarded_at: unknown }>(tx, sql`
      SELECT rewarded_at FROM tutorial_steps WHERE player_id = ${grant.playerId}::uuid AND step = ${grant.step} FOR UPDATE`);
    if (!row || row.rewarded_at) return false;
    for (const r of tutorialStep(grant.step).rewards) {
      await mint(tx, { kind: 'player', id: grant.playerId }, r.resource, BigInt(r.amount), 'tutorial',
        `tutorial:${grant.playerId}:${grant.step}:${r.resource}`);
    }
    await execute(tx, sql`UPDATE tutorial_steps SET rewarded_at = ${now}
      WHERE player_id = ${grant.playerId}::uuid AND step = ${grant.step}`);
    return true;
  });
}

/** Marks missions announced (their notices went out). */
export async function completeTutorialGrants(db: Db, done: readonly TutorialGrant[], now: Date): Promise<void> {
  if (done.length === 0) return;
  const pairs = JSON.stringify(done.map((d) => [d.playerId, d.step]));
  await execute(db, sql`
    UPDATE tutorial_steps ts SET announced_at = ${now}, announce_lease = NULL
    FROM (SELECT (x->>0)::uuid AS player_id, x->>1 AS step FROM jsonb_array_elements(${pairs}::jsonb) AS x) d
    WHERE ts.player_id = d.player_id AND ts.step = d.step`);
}

/** When the player saw or skipped the handler's briefing; null if never. */
export async function briefingSeenAt(db: Db, playerId: string): Promise<Date | null> {
  if (!isUuid(playerId)) return null;
  const [row] = await queryRows<{ seen_at: unknown }>(db, sql`SELECT seen_at FROM player_briefings WHERE player_id = ${playerId}::uuid`);
  return row ? date(row.seen_at) : null;
}

/** Marks the briefing seen (the first mark stays). Returns when it was first seen. */
export async function markBriefingSeen(db: Db, playerId: string, now: Date): Promise<Date> {
  await execute(db, sql`INSERT INTO player_briefings (player_id, seen_at) VALUES (${playerId}::uuid, ${now}) ON CONFLICT DO NOTHING`);
  return (await briefingSeenAt(db, playerId)) ?? now;
}

/**
 * The latest operation started from `templateKey` (by start, then id), with its phase: the
 * standing introductory operation's check before launching the next one.
 */
export async function latestOperationOfTemplate(db: Db, templateKey: string): Promise<{ id: string; phase: string } | null> {
  const [row] = await queryRows<{ id: string; phase: string }>(db, sql`
    SELECT id::text, phase FROM operations WHERE template_key = ${templateKey} ORDER BY starts_at DESC, id DESC LIMIT 1`);
  return row ?? null;
}

/** What a siege's declare screen needs of a territory and the attacking squad (GAME §3.1). */
export interface SiegePreviewTarget {
  territory: { id: string; name: string; status: string; holderSquadId: string | null; holderName: string | null; garrison: number };
  squad: { id: string; name: string; members: number };
}

/** The territory and the squad for a siege preview; null when either does not exist. */
export async function siegePreviewTarget(db: Db, territoryId: string, squadId: string): Promise<SiegePreviewTarget | null> {
  if (!isUuid(squadId)) return null;
  const [row] = await queryRows<Record<string, unknown>>(db, sql`
    SELECT t.id, t.name, t.status, t.holder_squad_id::text AS holder_squad_id, h.name AS holder_name, t.garrison,
      s.id::text AS squad_id, s.name AS squad_name, (SELECT count(*) FROM squad_members m WHERE m.squad_id = s.id) AS members
    FROM territories t CROSS JOIN squads s LEFT JOIN squads h ON h.id::text = t.holder_squad_id::text
    WHERE t.id = ${territoryId} AND s.id = ${squadId}::uuid`);
  if (!row) return null;
  return {
    territory: {
      id: String(row.id), name: String(row.name), status: String(row.status),
      holderSquadId: row.holder_squad_id ? String(row.holder_squad_id) : null, holderName: row.holder_name ? String(row.holder_name) : null,
      garrison: Number(row.garrison),
    },
    squad: { id: String(row.squad_id), name: String(row.squad_name), members: Number(row.members) },
  };
}
