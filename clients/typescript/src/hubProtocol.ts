/**
 * The hub's wire names. They mirror engine/Contract/HubProtocol.cs, the one definition on the .NET side;
 * test/unit/hubProtocol.test.ts reads that file and fails when the two differ.
 */
export const HubProtocol = {
  /** Where the gateway maps the hub. */
  Path: '/hubs/game',
  /** Client-to-server invocations. */
  Methods: {
    Join: 'gameSession:join',
    Leave: 'gameSession:leave',
    Update: 'gameState:update',
    RequestFull: 'gameState:requestFull',
    RequestSince: 'gameState:requestSince',
    Revert: 'gameState:revert',
  },
  /** Server-to-client events. */
  Events: {
    Updated: 'gameState:updated',
    Error: 'gameState:error',
    EncounterStarted: 'encounter:started',
    Presence: 'gameSession:presence',
    Removed: 'gameSession:removed',
  },
} as const;
