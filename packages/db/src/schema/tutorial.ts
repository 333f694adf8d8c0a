import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { players } from './players';

/**
 * The tutorial chain's completed missions (docs/onboarding.md, migration 0026): one row per
 * player and mission, inserted by triggers on the real events; `rewarded_at` once the ledger paid
 * it, `announced_at` once the player was told (`announce_lease` while a process announces).
 */
export const tutorialSteps = pgTable(
  'tutorial_steps',
  {
    playerId: uuid('player_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    step: text('step').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }).notNull().defaultNow(),
    rewardedAt: timestamp('rewarded_at', { withTimezone: true }),
    announcedAt: timestamp('announced_at', { withTimezone: true }),
    announceLease: timestamp('announce_lease', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'tutorial_steps_pk', columns: [t.playerId, t.step] }),
    check('tutorial_steps_step_check', sql`${t.step} in ('deploy', 'walk', 'squad', 'operation', 'trade', 'vote', 'intel')`),
    index('tutorial_steps_unannounced_idx').on(t.doneAt).where(sql`${t.announcedAt} IS NULL`),
  ],
);

/** When a player saw (or skipped) the handler's first briefing; no row: not yet. */
export const playerBriefings = pgTable('player_briefings', {
  playerId: uuid('player_id').primaryKey().references(() => players.id, { onDelete: 'cascade' }),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
});
