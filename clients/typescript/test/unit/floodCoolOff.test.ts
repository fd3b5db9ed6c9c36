import { describe, expect, it } from 'vitest';
import { floodReconnectDelay, isFloodClose } from '../../src/floodCoolOff.js';

// The gateway's close reason (docs/security.md) as @microsoft/signalr hands it to onclose.
const floodClose = new Error(
  'Server returned an error on close: RATE_LIMITED: this connection kept sending updates far over its rate and was closed; its user may reconnect after a cool-off.',
);
const coolOff = 30_000;

describe('reconnecting after a flood close', () => {
  it('waits at least the cool-off and at most a fifth more', () => {
    expect(isFloodClose(floodClose)).toBe(true);
    expect(floodReconnectDelay(floodClose, 0, coolOff, () => 0)).toBe(30_000);
    expect(floodReconnectDelay(floodClose, 0, coolOff, () => 1)).toBeCloseTo(36_000);
    expect(floodReconnectDelay(floodClose, 1_000, coolOff, () => 0.5)).toBeCloseTo(33_000);
  });

  it('keeps a backoff longer than the cool-off', () => {
    expect(floodReconnectDelay(floodClose, 50_000, coolOff, () => 1)).toBe(50_000);
  });

  it('keeps the backoff after any other end of the connection', () => {
    expect(floodReconnectDelay(undefined, 1_000, coolOff, () => 1)).toBe(1_000);
    expect(floodReconnectDelay(new Error('WebSocket closed with status code: 1006'), 1_000, coolOff, () => 1)).toBe(1_000);
    expect(floodReconnectDelay(new Error('Server returned an error on close: Connection closed with an error.'), 1_000, coolOff, () => 1)).toBe(1_000);
    expect(floodReconnectDelay(floodClose, 1_000, 0, () => 1)).toBe(1_000);
  });
});
