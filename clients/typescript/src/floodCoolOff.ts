import { ErrorCodes } from './contract.js';

/**
 * After the gateway closes a connection for flooding updates (docs/security.md "Floods") its user is refused the hub
 * for the gateway's Flood:CoolOff; reconnecting sooner only collects 429s. The close message names the error
 * (`RATE_LIMITED: …`) but not the cool-off's length, so the client waits the length it is told (`floodCoolOffMs`).
 */
const closeReasonPrefix = `${ErrorCodes.RateLimited}:`;

/** True when the connection ended with the gateway's flood close (SignalR hands its reason on in the error). */
export function isFloodClose(closeError: unknown): boolean {
  return closeError instanceof Error && closeError.message.includes(closeReasonPrefix);
}

/**
 * The wait before reconnecting: `backoffMs`, but after a flood close at least the cool-off, plus up to 20% so that
 * the connections of many clients cooled off together do not come back at once.
 */
export function floodReconnectDelay(closeError: unknown, backoffMs: number, coolOffMs: number, random: () => number = Math.random): number {
  if (!isFloodClose(closeError) || !(coolOffMs > 0)) return backoffMs;
  const wait = coolOffMs * (1 + 0.2 * Math.min(Math.max(random(), 0), 1));
  return Math.max(wait, backoffMs);
}
