import { sql, type SQL } from 'drizzle-orm';
import { GameError, flagDedupeKey, utcDay, type FlagDraft } from '@datavism/rules';
import type { Db, Tx } from './client';
import { writeAudit } from './audit';
import type { FlagStatus } from './schema/index';
import type { StaffActor } from './gm';
import { queryRows, toNumber } from './sql';

/** A stored fair-play flag, with the names of the accounts involved. */
export interface FairPlayFlag {
  id: number;
  kind: string;
  playerIds: string[];
  players: Array<{ id: string; name: string }>;
  detail: string;
  count: number;
  evidence: Record<string, unknown>;
  status: FlagStatus;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

const COLUMNS = sql`f.id, f.kind, f.player_ids, f.detail, f.count, f.evidence, f.status, f.resolution, f.resolved_by::text AS resolved_by,
  f.resolved_at, f.created_at,
  (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name), '[]'::json)
   FROM players p WHERE p.id::text = ANY(f.player_ids)) AS players`;

function toFlag(r: Record<string, unknown>): FairPlayFlag {
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    id: toNumber(r.id), kind: String(r.kind), playerIds: (r.player_ids as string[]) ?? [], players: parse(r.players),
    detail: String(r.detail), count: toNumber(r.count), evidence: parse(r.evidence), status: r.status as FlagStatus,
    resolution: (r.resolution as string | null) ?? null, resolvedBy: (r.resolved_by as string | null) ?? null,
    resolvedAt: r.resolved_at ? new Date(r.resolved_at as string) : null, createdAt: new Date(r.created_at as string),
  };
}

/**
 * Stores the flags of a detector run in one statement. Each carries the dedupe key (kind, subject,
 * UTC day of `now`): a flag already raised today is skipped, so re-runs, restarts and a second
 * process raise each flag once. Returns the flags inserted now.
 */
export async function recordFlags(db: Db, drafts: readonly FlagDraft[], now: Date): Promise<FairPlayFlag[]> {
  if (drafts.length === 0) return [];
  const day = utcDay(now);
  const rows = drafts.map((d) => [d.kind, d.playerIds, d.detail, d.count, d.evidence, flagDedupeKey(d, day)]);
  const inserted = await queryRows<Record<string, unknown>>(db, sql`
    WITH ins AS (
      INSERT INTO fair_play_flags (kind, player_ids, detail, count, evidence, dedupe_key, created_at)
      SELECT x->>0, ARRAY(SELECT jsonb_array_elements_text(x->1)), x->>2, (x->>3)::int, x->4, x->>5, ${now.toISOString()}::timestamptz
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(x, n)
      ORDER BY n
      ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
      RETURNING *
    )
    SELECT ${COLUMNS} FROM ins f ORDER BY f.id`);
  return inserted.map(toFlag);
}

/** Filters of {@link listFlags}. */
export interface FlagFilter {
  status?: FlagStatus;
  kind?: string;
  playerId?: string;
  /** Paging: flags with an id below this one. */
  before?: number;
  /** @default 100 */
  limit?: number;
}

/** Flags matching the filter, newest first. */
export async function listFlags(db: Db, filter: FlagFilter = {}): Promise<FairPlayFlag[]> {
  const where: SQL[] = [sql`true`];
  if (filter.status) where.push(sql`f.status = ${filter.status}`);
  if (filter.kind) where.push(sql`f.kind = ${filter.kind}`);
  if (filter.playerId) where.push(sql`f.player_ids @> ARRAY[${filter.playerId}]::text[]`);
  if (filter.before !== undefined) where.push(sql`f.id < ${filter.before}`);
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT ${COLUMNS} FROM fair_play_flags f WHERE ${sql.join(where, sql` AND `)} ORDER BY f.id DESC LIMIT ${filter.limit ?? 100}`);
  return rows.map(toFlag);
}

/** Counts of flags per status (the console's tab badges). */
export async function flagCounts(db: Db): Promise<Record<FlagStatus, number>> {
  const rows = await queryRows<{ status: FlagStatus; n: unknown }>(db, sql`SELECT status, count(*) AS n FROM fair_play_flags GROUP BY status`);
  const out: Record<FlagStatus, number> = { open: 0, dismissed: 0, actioned: 0 };
  for (const r of rows) out[r.status] = toNumber(r.n);
  return out;
}

/** A flag locked for a decision in the caller's transaction; NOT_FOUND when there is none. */
export async function lockFlagTx(tx: Tx, id: number): Promise<FairPlayFlag> {
  if (!Number.isSafeInteger(id) || id <= 0) throw new GameError('NOT_FOUND', 'no such flag');
  const [row] = await queryRows<Record<string, unknown>>(tx, sql`
    SELECT ${COLUMNS} FROM fair_play_flags f WHERE f.id = ${id} FOR UPDATE OF f`);
  if (!row) throw new GameError('NOT_FOUND', 'no such flag');
  return toFlag(row);
}

/** What a GM decided on a flag (GAME §9): dismiss, or act (warn, mute, ban, reverse a reward). */
export type FlagDecision = 'dismiss' | 'warn' | 'mute' | 'ban' | 'reverse';

/**
 * Records a GM's decision on a flag in the caller's transaction — with the action itself, which
 * the caller runs in the same transaction — and its audit line (`flag.<decision>`, target
 * `flag:<id>`). Dismissing is for open flags only (ALREADY_DONE otherwise); actions may follow each
 * other (warn, then ban) and mark the flag actioned.
 */
export async function decideFlagTx(
  tx: Tx,
  flag: FairPlayFlag,
  input: { decision: FlagDecision; by: StaffActor; now: Date; targetPlayerId?: string | null; details?: Record<string, unknown> },
): Promise<FairPlayFlag> {
  if (input.decision === 'dismiss' && flag.status !== 'open') throw new GameError('ALREADY_DONE', `the flag is ${flag.status} already`);
  const status: FlagStatus = input.decision === 'dismiss' ? 'dismissed' : 'actioned';
  const [row] = await queryRows<Record<string, unknown>>(tx, sql`
    WITH u AS (
      UPDATE fair_play_flags SET status = ${status}, resolution = ${input.decision}, resolved_by = ${input.by.id}::uuid,
        resolved_at = ${input.now.toISOString()}::timestamptz
      WHERE id = ${flag.id} RETURNING *
    ) SELECT ${COLUMNS} FROM u f`);
  await writeAudit(tx, {
    actorId: input.by.id, actorRole: input.by.role, action: `flag.${input.decision}`, targetPlayerId: input.targetPlayerId ?? null,
    target: `flag:${flag.id}`, at: input.now, details: { kind: flag.kind, playerIds: flag.playerIds, ...input.details },
  });
  return toFlag(row);
}
