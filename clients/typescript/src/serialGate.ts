/** Runs async steps one at a time, in call order: every change of the local copy and every sync exchange. */
export class SerialGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(step, step);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** A promise that can be settled from outside, reset after it settled. */
export class Signal {
  private promise: Promise<void> | undefined;
  private resolveFn!: () => void;
  private rejectFn!: (reason: unknown) => void;
  private settled = false;

  constructor() {
    this.reset();
  }

  get isSettled(): boolean {
    return this.settled;
  }

  wait(): Promise<void> {
    return this.promise!;
  }

  resolve(): void {
    if (this.settled) this.reset();
    this.settled = true;
    this.resolveFn();
  }

  fail(reason: unknown): void {
    if (this.settled) this.reset();
    this.settled = true;
    this.rejectFn(reason);
  }

  /** Pending again (no-op while pending). */
  reset(): void {
    if (this.promise && !this.settled) return;
    this.settled = false;
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    this.promise.catch(() => undefined);
  }
}
