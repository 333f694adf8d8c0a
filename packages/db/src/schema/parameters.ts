import {
  bigserial,
  doublePrecision,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Stored values of tunable parameters (GAME §10); absent names use the registry default. */
export const parameters = pgTable('parameters', {
  name: text('name').primaryKey(),
  value: doublePrecision('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
});

/** Audit log of every parameter change: who, why, and through which proposal. */
export const parameterChanges = pgTable('parameter_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  oldValue: doublePrecision('old_value').notNull(),
  newValue: doublePrecision('new_value').notNull(),
  changedBy: text('changed_by').notNull(),
  reason: text('reason').notNull(),
  proposalId: text('proposal_id'),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});
