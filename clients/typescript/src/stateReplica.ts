import type { GameState, StateUpdate, UpdateBroadcast } from './contract.js';
import { applyOperations } from './engine/applyOperations.js';
import { cloneJson, deepEquals } from './engine/jsonValues.js';
import { validateState } from './engine/stateShape.js';
import { parseVersion, requireVersion } from './engine/versions.js';

/** What to do with a broadcast, given the version of the local copy. */
export type BroadcastDisposition = 'ignore' | 'apply' | 'gap';

/** The version rule: the next version is applied, versions already held are ignored, anything beyond is a gap. */
export function classifyBroadcast(current: number, newVersion: number): BroadcastDisposition {
  return newVersion <= current ? 'ignore' : newVersion === current + 1 ? 'apply' : 'gap';
}

export type GameStateChangeKind = 'loaded' | 'replaced' | 'updated';

/** One change of the local copy, raised once per version, in version order. */
export interface GameStateChange {
  kind: GameStateChangeKind;
  /** The version before the change (0 when there was no state). */
  previousVersion: number;
  version: number;
  /** For `updated`: the update as applied (operations with previous). */
  update?: UpdateBroadcast;
}

/** What confirming the GM's own accepted update did. */
export type ConfirmOutcome = 'alreadyApplied' | 'applied' | 'needsCatchUp';

/** The local copy rejects an update the server applied: it must be replaced by the server's state. */
export class ReplicaDivergedError extends Error {
  override name = 'ReplicaDivergedError';
}

/**
 * The local copy of one session's state and the version rules that keep it equal to the server's: each version
 * applied exactly once, in order, in place. No I/O. `wrap` receives every whole state taken in (join, refresh,
 * stored copy) and returns the object to keep and change: a Vue store passes `reactive`-making code here, so
 * updates change that reactive state where they touch it.
 */
export class StateReplica {
  private current: GameState | null = null;

  constructor(private readonly wrap: (state: GameState) => GameState = (state) => state) {}

  get state(): GameState | null {
    return this.current;
  }

  /** The version of the copy; 0 when there is none. */
  get version(): number {
    return this.current ? (parseVersion(this.current.stateVersion) ?? 0) : 0;
  }

  classify(broadcast: UpdateBroadcast): BroadcastDisposition {
    return classifyBroadcast(this.version, requireVersion(broadcast.newVersion, 'newVersion'));
  }

  /** Applies the broadcast when it is the next version; null when it is not (ignored or a gap). */
  tryApply(broadcast: UpdateBroadcast): GameStateChange | null {
    const state = this.current;
    if (!state || this.classify(broadcast) !== 'apply') return null;
    const from = this.version;
    // A member whose view an update did not touch gets it with no operations: only the version moves.
    const result = applyOperations(state, broadcast.operations, broadcast.timestamp, undefined, true);
    if (!result.success) {
      throw new ReplicaDivergedError(
        `Update ${broadcast.updateId} (version ${broadcast.newVersion}) does not apply to the local copy: ${result.error.message}`,
      );
    }
    return { kind: 'updated', previousVersion: from, version: this.version, update: broadcast };
  }

  /** The server accepted `sent` as `newVersion`: make the copy have it, exactly once. */
  confirm(sent: StateUpdate, newVersion: number): { outcome: ConfirmOutcome; change?: GameStateChange } {
    const state = this.current;
    if (!state) return { outcome: 'needsCatchUp' };
    const version = this.version;
    if (version >= newVersion) return { outcome: 'alreadyApplied' };
    const sentVersion = requireVersion(sent.version, 'version');
    if (version !== sentVersion || newVersion !== sentVersion + 1) return { outcome: 'needsCatchUp' };
    const result = applyOperations(state, sent.operations, sent.timestamp);
    if (!result.success) {
      throw new ReplicaDivergedError(
        `Update ${sent.id}, accepted as version ${newVersion}, does not apply to the local copy: ${result.error.message}`,
      );
    }
    const update: UpdateBroadcast = {
      sessionId: sent.sessionId,
      updateId: sent.id,
      previousVersion: result.previousVersion,
      newVersion: result.newVersion,
      operations: result.operations,
      timestamp: sent.timestamp,
      source: sent.source,
    };
    return { outcome: 'applied', change: { kind: 'updated', previousVersion: sentVersion, version: newVersion, update } };
  }

  /** Makes a whole state from the server (or the store) the copy; it is checked and copied first. */
  replace(state: GameState, kind: GameStateChangeKind): GameStateChange {
    validateState(state);
    const from = this.version;
    this.current = this.wrap(cloneJson(state as never) as GameState);
    return { kind, previousVersion: from, version: this.version };
  }

  clear(): void {
    this.current = null;
  }

  /** The copy as JSON with its version, or null. */
  snapshot(): { version: number; json: string } | null {
    return this.current ? { version: this.version, json: JSON.stringify(this.current) } : null;
  }

  /**
   * Whether the copy holds the same state as `other`, `lastUpdated` aside (a copy that follows broadcasts stamps it
   * with the update's timestamp, the server with its own clock).
   */
  sameContentAs(other: GameState): boolean {
    if (!this.current) return false;
    return deepEquals({ ...this.current, lastUpdated: 0 }, { ...other, lastUpdated: 0 });
  }
}

