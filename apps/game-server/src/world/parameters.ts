import { loadParameters, setParameter, type Db } from '@datavism/db';
import type { Presence } from '@colyseus/core';

/**
 * Live values of the parameter registry (GAME §10) in this process. A change is written to the
 * database and announced on presence, so every process picks it up at once.
 */
export class ParameterStore {
  private values: Record<string, number> = {};

  constructor(private readonly db: Db, private readonly presence: Presence, private readonly channelName: string) {}

  async start(): Promise<void> {
    this.values = await loadParameters(this.db);
    await this.presence.subscribe(this.channelName, () => void this.reload());
  }

  async reload(): Promise<void> {
    this.values = await loadParameters(this.db);
  }

  get(name: string): number {
    const value = this.values[name];
    if (value === undefined) throw new Error(`unknown parameter ${name}`);
    return value;
  }

  all(): Record<string, number> {
    return { ...this.values };
  }

  /** Validate, persist with who and why, and broadcast the change to every process. */
  async set(change: { name: string; value: number; changedBy: string; reason: string; proposalId?: string }): Promise<void> {
    await setParameter(this.db, change);
    await this.changed(change.name);
  }

  /** A change already committed (e.g. with a passed proposal): reload here and tell every process. */
  async changed(name: string): Promise<void> {
    await this.reload();
    await this.presence.publish(this.channelName, name);
  }
}
