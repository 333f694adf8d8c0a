import { desc, eq, sql } from 'drizzle-orm';
import {
  defaultParameters,
  isParameterName,
  validateParameterValue,
  type ParameterValues,
} from '@datavism/rules';
import type { Db } from './client';
import { writeAudit } from './audit';
import { withTransaction } from './ledger';
import { parameterChanges as changesTable, parameters as parametersTable } from './schema/index';

export interface SetParameterInput {
  name: string;
  value: number;
  /** Who changed it: a player id, `'gm:<id>'`, `'governance'`… */
  changedBy: string;
  reason: string;
  /** The passed proposal that changed it, if any. */
  proposalId?: string;
  /** The staff member who changed it (audited as them); without one the change is governance's or the system's. */
  actor?: { id: string; role: string };
}

/** One entry of the parameter audit log. */
export type ParameterChange = typeof changesTable.$inferSelect;

/**
 * Every registry parameter: the rules' defaults overlaid with stored values.
 * Stored names the registry no longer knows are ignored.
 */
export async function loadParameters(db: Db): Promise<ParameterValues> {
  const values = defaultParameters();
  const rows = await db.select({ name: parametersTable.name, value: parametersTable.value }).from(parametersTable);
  for (const row of rows) if (isParameterName(row.name)) values[row.name] = row.value;
  return values;
}

/**
 * Changes a parameter and logs who and why, in one transaction, with its audit line
 * (`parameter.change`, GAME §9: governance's changes too). The value is checked
 * against the registry bounds first (`UNKNOWN_PARAMETER`, `PARAMETER_OUT_OF_BOUNDS`);
 * nothing is written when it fails.
 * @returns the change as logged.
 */
export async function setParameter(db: Db, input: SetParameterInput): Promise<ParameterChange> {
  const value = validateParameterValue(input.name, input.value);
  return withTransaction(db, async (tx) => {
    // Lock the stored row (if any) so two concurrent changes log a consistent old value.
    const [stored] = await tx
      .select({ value: parametersTable.value })
      .from(parametersTable)
      .where(eq(parametersTable.name, input.name))
      .for('update');
    const defaults: Record<string, number> = defaultParameters();
    const oldValue = stored?.value ?? defaults[input.name];
    await tx
      .insert(parametersTable)
      .values({ name: input.name, value, updatedBy: input.changedBy })
      .onConflictDoUpdate({
        target: parametersTable.name,
        set: { value, updatedBy: input.changedBy, updatedAt: sql`now()` },
      });
    const [change] = await tx
      .insert(changesTable)
      .values({
        name: input.name,
        oldValue,
        newValue: value,
        changedBy: input.changedBy,
        reason: input.reason,
        proposalId: input.proposalId ?? null,
      })
      .returning();
    await writeAudit(tx, {
      actorId: input.actor?.id ?? null,
      actorRole: input.actor?.role ?? (input.proposalId || input.changedBy === 'governance' ? 'governance' : 'system'),
      action: 'parameter.change',
      target: input.name,
      details: { from: oldValue, to: value, reason: input.reason, changedBy: input.changedBy, proposalId: input.proposalId ?? null },
    });
    return change;
  });
}

/** The latest parameter changes, newest first. */
export function parameterChanges(db: Db, limit: number): Promise<ParameterChange[]> {
  return db.select().from(changesTable).orderBy(desc(changesTable.id)).limit(limit);
}
