export interface RepeatingTaskOptions {
  work: () => Promise<void>;
  /** The pause after each run ends (not between starts, so runs never overlap). */
  intervalMs: number;
  /** A failed run is reported here and the task runs again after the interval. */
  onError: (error: unknown) => void;
}

/** Runs `work` at once and again `intervalMs` after each run ends, until stopped. */
export class RepeatingTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: RepeatingTaskOptions) {}

  start(): void {
    this.run();
  }

  /** Runs now rather than after the interval, unless a run is under way. */
  wake(): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.run();
  }

  /** No further run; resolves once the one under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private run(): void {
    if (this.stopped) return;
    this.running = this.options
      .work()
      .catch(this.options.onError)
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(() => this.run(), this.options.intervalMs);
      });
  }
}
