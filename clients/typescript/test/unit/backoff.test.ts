import { describe, expect, it } from 'vitest';
import { ForeverRetryPolicy, backoffDelay, jitter } from '../../src/backoff.js';

describe('backoff', () => {
  it('doubles from the base, capped, with ±20% jitter', () => {
    const low = () => 0;
    const high = () => 0.9999999;
    expect(backoffDelay(1, 100, 5000, low)).toBeCloseTo(80);
    expect(backoffDelay(1, 100, 5000, high)).toBeCloseTo(120);
    expect(backoffDelay(3, 100, 5000, low)).toBeCloseTo(320);
    expect(backoffDelay(10, 100, 5000, high)).toBeCloseTo(6000);
    expect(backoffDelay(100, 100, 5000, low)).toBeCloseTo(4000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(4, 100, 5000);
      expect(d).toBeGreaterThanOrEqual(640);
      expect(d).toBeLessThanOrEqual(960);
    }
  });

  it('refuses attempt numbers below 1 and never goes negative', () => {
    expect(() => backoffDelay(0, 100, 5000)).toThrow(RangeError);
    expect(jitter(0)).toBe(0);
    expect(jitter(-5)).toBe(0);
  });

  it('the reconnect policy never gives up: the last delay repeats forever', () => {
    const policy = new ForeverRetryPolicy([0, 1000, 2000, 5000, 10000], () => 0.5);
    expect(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 0 })).toBe(0);
    expect(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 1 })).toBeCloseTo(1000);
    expect(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 4 })).toBeCloseTo(10000);
    expect(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 1_000_000 })).toBeCloseTo(10000);
    expect(() => new ForeverRetryPolicy([-1])).toThrow(RangeError);
    expect(new ForeverRetryPolicy([], () => 0.5).delay(3)).toBeCloseTo(1000);
  });
});
