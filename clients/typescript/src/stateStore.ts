/**
 * Keeps the last state of a session (its JSON, which carries `stateVersion`) between runs, so a restarted client
 * starts from its copy and asks the server only for the updates it lacks. Methods may be synchronous or async.
 */
export interface StateStore {
  /** The stored state JSON of the session, or null when there is none. */
  load(sessionId: string): string | null | Promise<string | null>;
  /** Replaces the stored state of the session. */
  save(sessionId: string, version: number, stateJson: string): void | Promise<void>;
  /** Forgets the session's stored state. */
  delete(sessionId: string): void | Promise<void>;
}

/** The browser's `localStorage` (or any Web Storage): one key per session, `<prefix><sessionId>`. */
export class LocalStorageStateStore implements StateStore {
  constructor(
    private readonly prefix = 'gamestate:',
    private readonly storage: Storage = globalThis.localStorage,
  ) {
    if (!storage) throw new Error('No localStorage here: pass a Storage, or use MemoryStateStore.');
  }

  load(sessionId: string): string | null {
    return this.storage.getItem(this.prefix + sessionId);
  }

  save(sessionId: string, _version: number, stateJson: string): void {
    this.storage.setItem(this.prefix + sessionId, stateJson);
  }

  delete(sessionId: string): void {
    this.storage.removeItem(this.prefix + sessionId);
  }
}

/** In memory, for tests and for clients that only need a copy within one process. Counts its calls. */
export class MemoryStateStore implements StateStore {
  readonly entries = new Map<string, string>();
  loads = 0;
  saves = 0;

  load(sessionId: string): string | null {
    this.loads++;
    return this.entries.get(sessionId) ?? null;
  }

  save(sessionId: string, _version: number, stateJson: string): void {
    this.saves++;
    this.entries.set(sessionId, stateJson);
  }

  delete(sessionId: string): void {
    this.entries.delete(sessionId);
  }
}
