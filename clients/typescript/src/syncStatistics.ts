/** Counters of what a GameSessionClient did to stay in sync: for diagnostics, metrics and tests. */
export interface SyncStatistics {
  /** gameSession:join calls answered (the first join and every rejoin). */
  joins: number;
  requestSinceCalls: number;
  requestFullCalls: number;
  /** requestSince answers of HISTORY_UNAVAILABLE (followed by a full state). */
  historyUnavailable: number;
  /** Broadcasts applied (newVersion was current + 1). */
  broadcastsApplied: number;
  /** Broadcasts ignored because the copy already had their version (e.g. the GM's own, already confirmed). */
  broadcastsIgnored: number;
  /** Broadcasts that revealed a gap and started a catch-up. */
  gapsDetected: number;
  /** Times the copy was replaced by a whole state from the server. */
  fullStatesAdopted: number;
  /** gameState:update (and revert) invocations sent, resends included. */
  updatesSent: number;
  /** Resends of an update id after a timeout, a lost connection or a transient failure. */
  updatesResent: number;
  updatesConfirmed: number;
  updatesFailed: number;
  /** Times the connection was re-established after a loss. */
  reconnects: number;
}

export function emptyStatistics(): SyncStatistics {
  return {
    joins: 0, requestSinceCalls: 0, requestFullCalls: 0, historyUnavailable: 0, broadcastsApplied: 0,
    broadcastsIgnored: 0, gapsDetected: 0, fullStatesAdopted: 0, updatesSent: 0, updatesResent: 0,
    updatesConfirmed: 0, updatesFailed: 0, reconnects: 0,
  };
}
