/**
 * Runs at most `concurrency` jobs at a time and lets at most `maxWaiting` wait; more are refused
 * at once with QueueFullError. Image processing goes through one of these, so 20 phone photos
 * arriving together take turns instead of decoding all at once and exhausting memory.
 */
export class QueueFullError extends Error {
  constructor() {
    super('Too many uploads are being processed; try again in a minute.');
    this.name = 'QueueFullError';
  }
}

export class WorkQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  readonly concurrency: number;
  readonly maxWaiting: number;
  constructor(concurrency: number, maxWaiting: number) {
    this.concurrency = concurrency;
    this.maxWaiting = maxWaiting;
  }

  get size(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
