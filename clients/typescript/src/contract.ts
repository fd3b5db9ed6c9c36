/**
 * The contract's JSON shapes (game state, hub messages, REST answers) and error codes. Everything the server sends
 * and takes, typed; nothing here does anything.
 */

/** A JSON value as it travels. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** An element of characters, actors, items or currentEncounter.tokens: an object with a non-empty string id. */
export interface Entity {
  id: string;
  [key: string]: JsonValue;
}

export interface CurrentEncounter {
  encounter: Entity;
  map: Entity | null;
  tokens: Entity[];
  [key: string]: JsonValue;
}

/** One session's game state (section 4). */
export interface GameState {
  characters: Entity[];
  actors: Entity[];
  items: Entity[];
  currentEncounter: CurrentEncounter | null;
  pluginData: JsonObject;
  /** Decimal integer string: "1", "2", ... */
  stateVersion: string;
  /** Unix milliseconds. */
  lastUpdated: number;
}

export type OperationKind = 'set' | 'unset' | 'inc' | 'push' | 'pull';

/** One path operation (section 6). `previous` is filled in by the server; what a client sends is ignored. */
export interface StateOperation {
  path: string;
  operation: OperationKind;
  value?: JsonValue;
  previous?: JsonValue;
}

export type UpdateSource = 'gm' | 'system';

/** What `gameState:update` takes. */
export interface StateUpdate {
  id: string;
  sessionId: string;
  version: string;
  operations: StateOperation[];
  timestamp: number;
  source: UpdateSource;
}

/** What `gameState:revert` takes (section 8). */
export interface RevertRequest {
  id: string;
  sessionId: string;
  version: string;
  toVersion: string;
  timestamp: number;
}

export interface ErrorInfo {
  code: ErrorCode | string;
  message: string;
  currentVersion?: string;
}

export interface StateUpdateResponse {
  success: boolean;
  newVersion?: string;
  error?: ErrorInfo;
}

/** `gameState:updated`: one accepted update as applied (operations with previous). */
export interface UpdateBroadcast {
  sessionId: string;
  updateId: string;
  previousVersion: string;
  newVersion: string;
  operations: StateOperation[];
  timestamp: number;
  source: UpdateSource;
  /** Set on the broadcast of a revert (section 8): the version whose state it restored. */
  revertedTo?: string;
}

/** `gameState:error`, sent to the GM's connections when an update fails. */
export interface GameStateErrorEvent {
  sessionId: string;
  updateId: string;
  error: ErrorInfo;
}

/** `encounter:started`. */
export interface EncounterStartedEvent {
  sessionId: string;
  encounterId: string;
  version: string;
}

/** A user with at least one connection joined to the session (section 9). */
export interface PresenceUser {
  userId: string;
  isGM: boolean;
}

/** `gameSession:presence`. */
export interface PresenceEvent {
  sessionId: string;
  users: PresenceUser[];
}

/** `gameSession:removed`: this user was removed from the campaign; the connection no longer follows the session. */
export interface RemovedEvent {
  sessionId: string;
}

export interface JoinResponse {
  success: boolean;
  isGM: boolean;
  gameState?: GameState;
  presence?: PresenceUser[];
  error?: ErrorInfo;
}

export interface LeaveResponse {
  success: boolean;
  error?: ErrorInfo;
}

export interface FullStateResponse {
  success: boolean;
  gameState?: GameState;
  error?: ErrorInfo;
}

export interface UpdatesSinceResponse {
  success: boolean;
  updates?: UpdateBroadcast[];
  error?: ErrorInfo;
}

/** The contract's error codes (sections 5 and 10). */
export const ErrorCodes = {
  VersionConflict: 'VERSION_CONFLICT',
  ValidationError: 'VALIDATION_ERROR',
  TransactionFailed: 'TRANSACTION_FAILED',
  SessionNotFound: 'SESSION_NOT_FOUND',
  PermissionDenied: 'PERMISSION_DENIED',
  RateLimited: 'RATE_LIMITED',
  HistoryUnavailable: 'HISTORY_UNAVAILABLE',
  SessionEnded: 'SESSION_ENDED',
  NotFound: 'NOT_FOUND',
  /** Not a contract code: a server bug (500 over REST); retrying will not help. */
  InternalError: 'INTERNAL_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
