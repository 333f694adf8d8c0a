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

/**
 * A worker that is its drain loop: `start`, `kick` (look for rows now, after a commit that wrote
 * some) and `stop` (wait for the batch in flight); subclasses write `drain`, which checks
 * `this.loop.stopped` between batches.
 * @example class TutorialAnnouncer extends Drainer { protected async drain() { … } }
 */
export abstract class Drainer {
  protected readonly loop: DrainLoop;

  constructor(everyMs: number, options: { unref?: boolean } = {}) {
    this.loop = new DrainLoop(everyMs, () => this.drain(), options);
  }

  start(): void {
    this.loop.start();
  }

  kick(): void {
    this.loop.kick();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  protected abstract drain(): Promise<void>;
}
