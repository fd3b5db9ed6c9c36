import type { GameState } from './contract.js';
import type { HubConnectionLike } from './hubConnection.js';
import { HubProtocol } from './hubProtocol.js';
import type { StateStore } from './stateStore.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Tuning of a GameSessionClient; the defaults suit an interactive client. Times are milliseconds. */
export interface GameSessionClientOptions {
  /** The gateway's base address, e.g. http://127.0.0.1:5080; the hub is at `hubPath` under it. */
  url: string;
  /** A bearer token (JWT whose `sub` is the user); called for every (re)connection. */
  accessToken: () => string | Promise<string>;
  /** The hub's path on the gateway. */
  hubPath?: string;
  /** Where the last state is kept between runs (LocalStorageStateStore, MemoryStateStore, your own); none by default. */
  store?: StateStore;
  /** How long after a change the state is written to `store` (changes in between are coalesced). Default 500. */
  saveDelayMs?: number;
  /** How long to wait for the answer to one update before resending the same id (until answered). Default 30 s. */
  updateTimeoutMs?: number;
  /** How long to wait for a join, requestSince or requestFull answer. Default 30 s. */
  requestTimeoutMs?: number;
  /** The gateway's largest hub message (Limits:MaxMessageBytes, 1 MiB by default): larger updates are refused unsent. */
  maxMessageBytes?: number;
  /** Resends of an update answered TRANSACTION_FAILED or RATE_LIMITED before it is reported failed. Default 5. */
  maxTransientRetries?: number;
  /** First backoff delay of those resends, doubling with jitter up to `maxRetryDelayMs`. Default 100. */
  retryBaseDelayMs?: number;
  /** Longest backoff delay between resends and rejoin attempts. Default 5000. */
  maxRetryDelayMs?: number;
  /** Delays between reconnection attempts; the last one repeats forever (never gives up). Default 0, 1, 2, 5, 10 s. */
  reconnectDelaysMs?: number[];
  /**
   * How long the gateway refuses the hub to a user whose connection it closed for flooding updates (its Flood:CoolOff,
   * 30 s by default; docs/security.md). The close message does not state it, so after such a close the client waits
   * this long (plus up to 20%) before reconnecting. Set it to the gateway's value. Default 30000.
   */
  floodCoolOffMs?: number;
  /**
   * Receives every whole state the client takes in and returns the object it keeps and changes in place. The Pinia
   * store uses it so that updates change its reactive state where they touch it.
   */
  wrapState?: (state: GameState) => GameState;
  /** Builds the hub connection; by default a @microsoft/signalr HubConnection with the JSON protocol. */
  connectionFactory?: (hubUrl: string, accessToken: () => Promise<string>, retryPolicy: { nextRetryDelayInMilliseconds(context: { previousRetryCount: number }): number | null }) => HubConnectionLike;
  /** Log sink; silent by default. */
  logger?: (level: LogLevel, message: string, error?: unknown) => void;
}

export const defaultOptions = {
  hubPath: HubProtocol.Path as string,
  saveDelayMs: 500,
  updateTimeoutMs: 30_000,
  requestTimeoutMs: 30_000,
  maxMessageBytes: 1024 * 1024,
  maxTransientRetries: 5,
  retryBaseDelayMs: 100,
  maxRetryDelayMs: 5_000,
  reconnectDelaysMs: [0, 1_000, 2_000, 5_000, 10_000],
  floodCoolOffMs: 30_000,
};
