import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

/** Territory statuses (GAME §3.1). */
export const TERRITORY_STATUSES = ['occupied', 'neutral', 'liberated', 'contested'] as const;
export type TerritoryStatus = (typeof TERRITORY_STATUSES)[number];

/** A region of the hex map. */
export const regions = pgTable('regions', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  centerQ: integer('center_q').notNull(),
  centerR: integer('center_r').notNull(),
});

/** One hex of the map, in axial coordinates (GAME §3.1). */
export const territories = pgTable(
  'territories',
  {
    id: text('id').primaryKey(),
    q: integer('q').notNull(),
    r: integer('r').notNull(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    terrain: text('terrain').notNull(),
    yieldResource: text('yield_resource').notNull(),
    yieldPerHour: integer('yield_per_hour').notNull(),
    status: text('status', { enum: TERRITORY_STATUSES }).notNull(),
    holderSquadId: text('holder_squad_id'),
    garrison: integer('garrison').notNull().default(0),
    garrisonMax: integer('garrison_max').notNull().default(0),
    /**
     * GAME §4.5 restricted territory (static, set by the world generator or migration 0028): a
     * deployment to it costs one liberation_key; garrison ×2 and yield ×3 are in the columns above.
     */
    restricted: boolean('restricted').notNull().default(false),
    lastDeployedAt: timestamp('last_deployed_at', { withTimezone: true }),
    /** When a squad last took it (claim or siege win): the AC spares it for a while (GAME §3.5). */
    liberatedAt: timestamp('liberated_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('territories_q_r_unique').on(t.q, t.r),
    index('territories_region_id_idx').on(t.regionId),
    check(
      'territories_status_check',
      sql`${t.status} in ('occupied', 'neutral', 'liberated', 'contested')`,
    ),
  ],
);

/** The single row that says a world has been generated, and from which seed. */
export const worldMeta = pgTable(
  'world_meta',
  {
    id: integer('id').primaryKey().default(1),
    seed: integer('seed').notNull(),
    territoryCount: integer('territory_count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('world_meta_single_row', sql`${t.id} = 1`)],
);
