// A counting semaphore whose permit can be released part-way through a task (p-limit holds it for the whole task).

/** Bounds how many records are in one stage of the pipeline at once. */
export class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(permits: number) {
    this.available = permits;
  }

  /** Waits for a permit. */
  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Returns a permit, waking the longest waiter. */
  release(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.available += 1;
    else next();
  }
}
