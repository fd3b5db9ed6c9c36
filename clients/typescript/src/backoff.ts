/** The delay ±20%, never negative. */
export function jitter(delayMs: number, random: () => number = Math.random): number {
  if (delayMs <= 0) return 0;
  return delayMs * (0.8 + random() * 0.4);
}

/** The delay before retry number `attempt` (1-based): base·2^(attempt−1), capped at `maxMs`, with jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  if (!(attempt >= 1)) throw new RangeError('attempt must be 1 or more');
  const exponent = Math.min(attempt - 1, 30);
  return jitter(Math.min(baseMs * 2 ** exponent, maxMs), random);
}

/**
 * SignalR's reconnect policy that never gives up: the configured delays, the last one repeating forever, each
 * with jitter. Implements @microsoft/signalr's IRetryPolicy.
 */
export class ForeverRetryPolicy {
  private readonly delays: number[];

  constructor(delaysMs: readonly number[], private readonly random: () => number = Math.random) {
    if (delaysMs.some((d) => d < 0)) throw new RangeError('Reconnect delays must not be negative.');
    this.delays = delaysMs.length === 0 ? [1000] : [...delaysMs];
  }

  delay(attempt: number): number {
    return jitter(this.delays[Math.min(attempt, this.delays.length - 1)]!, this.random);
  }

  nextRetryDelayInMilliseconds(context: { previousRetryCount: number }): number {
    return this.delay(context.previousRetryCount);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
