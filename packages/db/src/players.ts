import { eq, sql } from 'drizzle-orm';
import {
  GameError,
  loginStreakReward,
  nextLoginStreak,
  utcDay,
  type LoginStreakReward,
  type Resource,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { balancesOf, mint, withTransaction } from './ledger';
import { players, type PlayerRole } from './schema/index';
import { isUuid } from './sql';

/** A player row. */
export type Player = typeof players.$inferSelect;

/** A player's public profile: every field but the password hash, plus balances. */
export type PlayerProfile = Omit<Player, 'passwordHash'> & { balances: Record<Resource, bigint> };

export interface CreatePlayerInput {
  name: string;
  passwordHash: string;
  /** @default 'player' */
  role?: PlayerRole;
  /** @default now() */
  createdAt?: Date;
  /** Accounts created before launch keep the Founder title for life (GAME §1). @default false */
  founder?: boolean;
}

/** Outcome of {@link recordDailyLogin}. */
export interface DailyLoginResult {
  /** True for the first login of the UTC day: the streak moved and the reward was paid. */
  granted: boolean;
  /** The streak after this login. */
  streak: number;
  /** What was paid, or null when nothing was. */
  reward: LoginStreakReward | null;
}

/** The resources a login reward pays, in the order they are minted. */
const LOGIN_REWARD_RESOURCES = [
  'resistance_credits',
  'cpu_cycles',
  'liberation_keys',
  'truth_tokens',
] as const satisfies readonly (Resource & keyof LoginStreakReward)[];

/** Names are unique case-insensitively. */
function nameKey(name: string): string {
  return name.toLowerCase();
}

/**
 * Creates a player; throws `NAME_TAKEN` if the name (case-insensitively) is in use.
 * Validating the name's shape is the caller's job (shared-schema).
 */
export async function createPlayer(db: Db, input: CreatePlayerInput): Promise<Player> {
  const [row] = await db
    .insert(players)
    .values({
      name: input.name,
      nameKey: nameKey(input.name),
      passwordHash: input.passwordHash,
      role: input.role ?? 'player',
      founder: input.founder ?? false,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    })
    .onConflictDoNothing({ target: players.nameKey })
    .returning();
  if (!row) throw new GameError('NAME_TAKEN', `the name ${input.name} is taken`);
  return row;
}

/** The player with this name (case-insensitive), or null. */
export async function findPlayerByName(db: Db, name: string): Promise<Player | null> {
  const [row] = await db.select().from(players).where(eq(players.nameKey, nameKey(name)));
  return row ?? null;
}

/** The player with this id, or null (also for a string that is not a uuid). */
export async function getPlayer(db: Db, id: string): Promise<Player | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(players).where(eq(players.id, id));
  return row ?? null;
}

/** Sets a player's role; throws `NOT_FOUND` for an unknown player. */
export async function setPlayerRole(db: Db, id: string, role: PlayerRole): Promise<Player> {
  if (!isUuid(id)) throw new GameError('NOT_FOUND', `no player ${id}`);
  const [row] = await db.update(players).set({ role }).where(eq(players.id, id)).returning();
  if (!row) throw new GameError('NOT_FOUND', `no player ${id}`);
  return row;
}

/** A player's profile with balances, or null for an unknown player. */
export async function playerProfile(db: Db, id: string): Promise<PlayerProfile | null> {
  const player = await getPlayer(db, id);
  if (!player) return null;
  const { passwordHash: _hidden, ...fields } = player;
  return { ...fields, balances: await balancesOf(db, { kind: 'player', id }) };
}

/**
 * Records a login at `now` (GAME §1.3). The first login of a UTC day advances the
 * streak (or resets it after a gap), counts one more day active (GAME §1.2) and pays the
 * streak reward from the mint in the same transaction; any later login that day grants nothing.
 */
export function recordDailyLogin(db: Db, playerId: string, now: Date): Promise<DailyLoginResult> {
  return withTransaction(db, (tx) => recordDailyLoginTx(tx, playerId, now));
}

/** {@link recordDailyLogin} inside the caller's transaction. */
export async function recordDailyLoginTx(tx: Tx, playerId: string, now: Date): Promise<DailyLoginResult> {
  if (!isUuid(playerId)) throw new GameError('NOT_FOUND', `no player ${playerId}`);
  const today = utcDay(now);
  // The row lock makes concurrent logins of one player take turns; each then sees
  // the streak its predecessor wrote.
  const [current] = await tx
    .select({ lastLoginDay: players.lastLoginDay, loginStreak: players.loginStreak })
    .from(players)
    .where(eq(players.id, playerId))
    .for('update');
  if (!current) throw new GameError('NOT_FOUND', `no player ${playerId}`);
  const next = nextLoginStreak(current.lastLoginDay, today, current.loginStreak);
  if (!next.firstLoginToday) return { granted: false, streak: current.loginStreak, reward: null };
  const reward = loginStreakReward(next.streak);
  // The day condition repeats the check in SQL, so exactly one login per day wins even
  // if a caller skipped the lock above.
  const updated = await tx
    .update(players)
    .set({
      lastLoginDay: today,
      loginStreak: next.streak,
      lastLoginAt: now,
      // GAME §1.2 veteran floor (≥ 365 days active) and §7.2 vote weight read it.
      daysActive: sql`${players.daysActive} + 1`,
      xp: sql`${players.xp} + ${reward.xp}`,
      titles:
        reward.title === null
          ? sql`${players.titles}`
          : sql`CASE WHEN ${reward.title} = ANY(${players.titles}) THEN ${players.titles}
                ELSE array_append(${players.titles}, ${reward.title}::text) END`,
    })
    .where(
      sql`${players.id} = ${playerId}
        AND ${players.lastLoginDay} IS DISTINCT FROM ${today}::date
        AND (${players.lastLoginDay} IS NULL OR ${players.lastLoginDay} < ${today}::date)`,
    )
    .returning({ streak: players.loginStreak });
  if (updated.length === 0) return { granted: false, streak: current.loginStreak, reward: null };
  for (const resource of LOGIN_REWARD_RESOURCES) {
    const amount = reward[resource];
    if (amount > 0) {
      await mint(
        tx,
        { kind: 'player', id: playerId },
        resource,
        BigInt(amount),
        'login_streak',
        `login:${playerId}:${today}:${resource}`,
      );
    }
  }
  return { granted: true, streak: next.streak, reward };
}
