/**
 * A polling drain: `drain()` runs every `everyMs` and whenever `kick()` is called, never two at
 * once — a kick during a run makes it run once more right after. `stop()` ends the polling and
 * waits for the run in flight. The outboxes (notification deliveries, achievement and tutorial
 * announcements) each drain their claimed rows with one.
 */
export class DrainLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private halted = false;

  constructor(
    private readonly everyMs: number,
    private readonly drain: () => Promise<void>,
    private readonly options: { unref?: boolean } = {},
  ) {}

  /** True once stopped: a drain checks it between batches. */
  get stopped(): boolean {
    return this.halted;
  }

  start(): void {
    this.halted = false;
    this.timer = setInterval(() => this.kick(), this.everyMs);
    if (this.options.unref) this.timer.unref();
    this.kick();
  }

  /** Drain now (after a commit that wrote rows). */
  kick(): void {
    if (this.halted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async stop(): Promise<void> {
    this.halted = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
