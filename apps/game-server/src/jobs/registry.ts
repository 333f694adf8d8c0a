import type { JobHandler } from './types';

/** What both job runners share: the handlers and periodic intervals registered before start. */
export abstract class JobRegistry {
  protected readonly handlers = new Map<string, JobHandler>();
  protected readonly periodic = new Map<string, number>();

  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, handler);
  }

  every(name: string, intervalMs: number): void {
    this.periodic.set(name, intervalMs);
  }
}
