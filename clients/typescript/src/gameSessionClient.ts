import { ForeverRetryPolicy, backoffDelay, sleep } from './backoff.js';
import { defaultOptions, type GameSessionClientOptions, type LogLevel } from './clientOptions.js';
import {
  ErrorCodes,
  type EncounterStartedEvent,
  type ErrorInfo,
  type FullStateResponse,
  type GameState,
  type GameStateErrorEvent,
  type JoinResponse,
  type PresenceEvent,
  type PresenceUser,
  type RemovedEvent,
  type RevertRequest,
  type StateOperation,
  type StateUpdate,
  type StateUpdateResponse,
  type UpdateBroadcast,
  type UpdatesSinceResponse,
} from './contract.js';
import { formatVersion, requireVersion } from './engine/versions.js';
import { GameStateError } from './errors.js';
import { Connected, Disconnected, createHubConnection, type HubConnectionLike } from './hubConnection.js';
import { floodReconnectDelay } from './floodCoolOff.js';
import { checkHubMessage } from './hubMessageLimits.js';
import { HubProtocol } from './hubProtocol.js';
import { updateActorState, updateCharacterState, setPluginData, type EntityUpdates } from './pluginState.js';
import { SerialGate, Signal } from './serialGate.js';
import { ReplicaDivergedError, StateReplica, type GameStateChange } from './stateReplica.js';
import { emptyStatistics, type SyncStatistics } from './syncStatistics.js';
import { TypedEvents } from './typedEvents.js';
import { decideUpdate, isPermanentJoinError, isTransient } from './updatePolicy.js';

/** Where a client stands. */
export type GameSessionStatus = 'disconnected' | 'connecting' | 'connected' | 'joining' | 'synced' | 'reconnecting' | 'failed';

/** The typed events of a GameSessionClient. */
export interface GameSessionEvents extends Record<string, unknown> {
  /** A change of the local copy, once per version, in order. */
  stateChanged: GameStateChange;
  statusChanged: GameSessionStatus;
  /** `gameState:error`: an update of this session failed (sent to the GM's connections). */
  serverError: GameStateErrorEvent;
  /** `encounter:started`, after the change that made the encounter active. */
  encounterStarted: EncounterStartedEvent;
  /** The users joined to the session (the join's `presence`, then `gameSession:presence`). */
  presence: PresenceUser[];
  /** `gameSession:removed`: this user was removed from the campaign; the client is `failed` (PERMISSION_DENIED). */
  removed: RemovedEvent;
  /** The GM queue changed (an update queued, sent or settled). */
  queueChanged: readonly QueuedUpdate[];
}

/** An update waiting in the GM queue or in flight, as the store shows it. */
export interface QueuedUpdate {
  readonly kind: 'update' | 'revert';
  readonly operations?: readonly StateOperation[];
  readonly toVersion?: string;
  readonly inFlight: boolean;
}

/** Builds an update's operations from the state it will be sent against (so indices found by id stay right). */
export type OperationsBuilder = (state: GameState) => StateOperation[];

interface PendingUpdate {
  kind: 'update' | 'revert';
  build?: OperationsBuilder;
  operations?: StateOperation[];
  toVersion?: string;
  inFlight: boolean;
  withdrawn: boolean;
  resolve(response: StateUpdateResponse): void;
  reject(error: unknown): void;
}

type Inbound = { kind: 'broadcast'; value: UpdateBroadcast } | { kind: 'error'; value: GameStateErrorEvent } | { kind: 'encounter'; value: EncounterStartedEvent } | { kind: 'presence'; value: PresenceEvent } | { kind: 'removed'; value: RemovedEvent };

/** Attempts of one catch-up or refresh while connected before waiting for the next broadcast or reconnection. */
const SyncAttempts = 3;

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * A client of one game session on the gateway (the .NET SDK's GameSessionClient, in TypeScript): it holds the local
 * copy of the state and its version, keeps it equal to the server's (each version applied once, in order), and for
 * the GM sends updates one at a time through an ordered queue. See the package README for the rules.
 */
export class GameSessionClient {
  readonly hubUrl: string;
  private readonly options: Required<Omit<GameSessionClientOptions, 'store' | 'wrapState' | 'connectionFactory' | 'logger'>> & GameSessionClientOptions;
  private readonly connection: HubConnectionLike;
  private readonly retryPolicy: ForeverRetryPolicy;
  private readonly replica: StateReplica;
  private readonly gate = new SerialGate();
  private readonly ready = new Signal();
  private readonly events: TypedEvents<GameSessionEvents>;
  private readonly stats = emptyStatistics();
  private readonly queue: PendingUpdate[] = [];
  private sending = false;
  private inbox: Inbound[] = [];
  private pumping = false;
  private currentSessionId: string | null = null;
  private gm = false;
  private currentStatus: GameSessionStatus = 'disconnected';
  private error: ErrorInfo | null = null;
  private users: PresenceUser[] = [];
  private wantConnected = false;
  private restarting = false;
  private disposed = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;

  constructor(options: GameSessionClientOptions) {
    this.options = { ...defaultOptions, ...options } as typeof this.options;
    this.hubUrl = options.url.replace(/\/+$/, '') + '/' + this.options.hubPath.replace(/^\/+/, '');
    this.replica = new StateReplica(options.wrapState);
    this.events = new TypedEvents((event, e) => this.log('warn', `A ${event} handler threw`, e));
    this.retryPolicy = new ForeverRetryPolicy(this.options.reconnectDelaysMs);
    const token = async () => await options.accessToken();
    this.connection = (options.connectionFactory ?? createHubConnection)(this.hubUrl, token, this.retryPolicy);
    const E = HubProtocol.Events;
    this.connection.on(E.Updated, (value: UpdateBroadcast) => this.enqueue({ kind: 'broadcast', value }));
    this.connection.on(E.Error, (value: GameStateErrorEvent) => this.enqueue({ kind: 'error', value }));
    this.connection.on(E.EncounterStarted, (value: EncounterStartedEvent) => this.enqueue({ kind: 'encounter', value }));
    this.connection.on(E.Presence, (value: PresenceEvent) => this.enqueue({ kind: 'presence', value }));
    this.connection.on(E.Removed, (value: RemovedEvent) => this.enqueue({ kind: 'removed', value }));
    this.connection.onreconnecting((e) => this.onReconnecting(e));
    this.connection.onreconnected(() => this.onReconnected());
    this.connection.onclose((e) => this.onClose(e));
  }

  // ---- reading --------------------------------------------------------------------------------------------------

  /** The session joined (or being joined), or null. */
  get sessionId(): string | null {
    return this.currentSessionId;
  }

  /** Whether the join said this user is the session's GM. */
  get isGM(): boolean {
    return this.gm;
  }

  /** The local copy (live: read it, do not change it), or null. */
  get state(): GameState | null {
    return this.replica.state;
  }

  /** The version of the local copy; 0 when there is none. */
  get version(): number {
    return this.replica.version;
  }

  get status(): GameSessionStatus {
    return this.currentStatus;
  }

  /** The error that made the client `failed`, if any. */
  get lastError(): ErrorInfo | null {
    return this.error;
  }

  /** The users joined to the session, as last reported. */
  get presence(): readonly PresenceUser[] {
    return this.users;
  }

  /** Updates queued or in flight. */
  get pendingUpdates(): number {
    return this.queue.length;
  }

  /** A snapshot of the sync counters. */
  get statistics(): SyncStatistics {
    return { ...this.stats };
  }

  on<K extends keyof GameSessionEvents>(event: K, handler: (value: GameSessionEvents[K]) => void): () => void {
    return this.events.on(event, handler);
  }

  off<K extends keyof GameSessionEvents>(event: K, handler: (value: GameSessionEvents[K]) => void): void {
    this.events.off(event, handler);
  }

  // ---- joining and leaving ---------------------------------------------------------------------------------------

  /** Opens the hub connection (join does this too). Fails when the token is refused. */
  async connect(): Promise<void> {
    this.throwIfDisposed();
    await this.startConnection(false);
    if (this.currentSessionId === null) this.setStatus('connected');
  }

  /**
   * Joins the session: connects if needed, starts from the stored copy when there is one, and brings the local copy
   * to the server's version (the join's state, or only the missing updates on top of the stored copy).
   * Throws GameStateError (PERMISSION_DENIED, SESSION_NOT_FOUND, ...) when the server refuses.
   */
  join(sessionId: string): Promise<void> {
    this.throwIfDisposed();
    if (typeof sessionId !== 'string' || sessionId.length === 0) throw new TypeError('sessionId must be a non-empty string');
    return this.gate.run(async () => {
      if (this.currentSessionId !== null) {
        if (this.currentSessionId !== sessionId) {
          throw new Error(`This client is joined to session '${this.currentSessionId}'; leave it first (one session per client).`);
        }
        if (this.currentStatus === 'synced') return;
      }
      this.currentSessionId = sessionId;
      try {
        if (this.options.store && !this.replica.state) await this.loadStored(sessionId);
        await this.startConnection(false);
        this.setStatus('joining');
        const error = await this.joinCore(sessionId);
        if (error) throw new GameStateError(error);
      } catch (e) {
        this.currentSessionId = null;
        this.replica.clear();
        this.setStatus(this.connection.state === Connected ? 'connected' : 'disconnected');
        throw e;
      }
      this.error = null;
      this.ready.resolve();
      this.setStatus('synced');
    });
  }

  /** Leaves the session: queued updates fail, the copy is saved (with a store) and dropped. */
  leave(): Promise<void> {
    this.throwIfDisposed();
    return this.gate.run(async () => {
      const sessionId = this.currentSessionId;
      if (sessionId === null) return;
      this.currentSessionId = null;
      this.ready.fail(new Error(`The client left session '${sessionId}'.`));
      this.failQueued(new Error(`The client left session '${sessionId}' before the update was sent.`));
      await this.saveNow(sessionId);
      if (this.connection.state === Connected) {
        try {
          await this.invoke(HubProtocol.Methods.Leave, [sessionId], this.options.requestTimeoutMs);
        } catch (e) {
          // Best effort: the server forgets the connection when it closes anyway.
          this.log('debug', `Leaving session ${sessionId} was not acknowledged`, e);
        }
      }
      this.replica.clear();
      this.gm = false;
      this.setPresence([]);
      this.setStatus(this.connection.state === Connected ? 'connected' : 'disconnected');
    });
  }

  /** Replaces the local copy with the server's full state (`gameState:requestFull`). */
  refresh(): Promise<void> {
    this.throwIfDisposed();
    return this.gate.run(() => this.refreshFullCore());
  }

  /** Stops everything: queued updates fail, the copy is saved, the connection closed. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.wantConnected = false;
    const sessionId = this.currentSessionId;
    this.failQueued(new Error('The client was disposed before the update was sent.'));
    this.ready.fail(new Error('The client was disposed.'));
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (sessionId !== null) await this.saveNow(sessionId);
    try {
      await this.connection.stop();
    } catch (e) {
      this.log('debug', 'Closing the hub connection failed', e);
    }
    this.setStatus('disconnected');
  }

  // ---- the GM queue ---------------------------------------------------------------------------------------------

  /**
   * Queues an update; the promise settles with the server's answer once the local copy reflects it. Updates are sent
   * one at a time, in call order, each with the version current when it is sent. Accepted: the copy advances exactly
   * once. VERSION_CONFLICT: the copy is refreshed, then the failed answer is returned. No answer: the same id is
   * resent after reconnecting, until answered. TRANSACTION_FAILED / RATE_LIMITED: resent with backoff up to
   * `maxTransientRetries` times. Other errors: the failed answer. Use ensureSuccess() to turn failures into errors.
   * `signal` withdraws the update only while it waits in the queue.
   */
  update(operations: StateOperation[] | OperationsBuilder, options?: { signal?: AbortSignal }): Promise<StateUpdateResponse> {
    if (Array.isArray(operations)) {
      if (operations.length === 0) throw new TypeError('An update needs at least one operation.');
      const copy = [...operations];
      return this.enqueueUpdate({ kind: 'update', build: () => copy, operations: copy }, options?.signal);
    }
    return this.enqueueUpdate({ kind: 'update', build: operations }, options?.signal);
  }

  /** Updates the character with that id (see updateCharacterState); its index is found when sent. */
  updateCharacter(characterId: string, updates: EntityUpdates): Promise<StateUpdateResponse> {
    return this.update((state) => updateCharacterState(state, characterId, updates));
  }

  /** Updates the actor with that id (see updateActorState); its index is found when sent. */
  updateActor(actorId: string, updates: EntityUpdates): Promise<StateUpdateResponse> {
    return this.update((state) => updateActorState(state, actorId, updates));
  }

  /** Replaces the session's plugin data of `pluginId` (or one value inside it, with `path`). */
  setPluginData(pluginId: string, data: unknown, path?: string): Promise<StateUpdateResponse> {
    return this.update((state) => setPluginData(state, pluginId, data, path));
  }

  /**
   * `gameState:revert` (section 8): one new update after which the state equals the state of `toVersion`. Queued
   * with the updates (same ordering, same id resend and backoff rules); the promise settles once the local copy
   * holds the revert's version.
   */
  revert(toVersion: string | number, options?: { signal?: AbortSignal }): Promise<StateUpdateResponse> {
    const target = typeof toVersion === 'number' ? formatVersion(toVersion) : toVersion;
    return this.enqueueUpdate({ kind: 'revert', toVersion: target }, options?.signal);
  }

  /** The queue as the store shows it: the update in flight first. */
  get queuedUpdates(): readonly QueuedUpdate[] {
    return this.queue.filter((q) => !q.withdrawn).map((q) => ({ kind: q.kind, operations: q.operations, toVersion: q.toVersion, inFlight: q.inFlight }));
  }

  private enqueueUpdate(item: Omit<PendingUpdate, 'inFlight' | 'withdrawn' | 'resolve' | 'reject'>, signal?: AbortSignal): Promise<StateUpdateResponse> {
    this.throwIfDisposed();
    if (this.currentSessionId === null) throw new Error('Join a session before updating it.');
    return new Promise<StateUpdateResponse>((resolve, reject) => {
      const pending: PendingUpdate = { ...item, inFlight: false, withdrawn: false, resolve, reject };
      if (signal) {
        if (signal.aborted) return reject(signal.reason ?? new Error('aborted'));
        signal.addEventListener('abort', () => {
          if (!pending.inFlight && !pending.withdrawn) {
            pending.withdrawn = true;
            this.queue.splice(this.queue.indexOf(pending), 1);
            this.emitQueue();
            reject(signal.reason ?? new Error('aborted'));
          }
        }, { once: true });
      }
      this.queue.push(pending);
      this.emitQueue();
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0 && !this.disposed) {
        const item = this.queue[0]!;
        item.inFlight = true;
        this.emitQueue();
        try {
          const response = await this.send(item);
          if (response.success) this.stats.updatesConfirmed++;
          else this.stats.updatesFailed++;
          item.resolve(response);
        } catch (e) {
          this.stats.updatesFailed++;
          item.reject(e);
        } finally {
          const at = this.queue.indexOf(item);
          if (at >= 0) this.queue.splice(at, 1);
          this.emitQueue();
        }
      }
    } finally {
      this.sending = false;
      this.emitQueue();
    }
  }

  /** Sends one update (or revert) until it has an outcome, and makes the local copy reflect it. */
  private async send(item: PendingUpdate): Promise<StateUpdateResponse> {
    await this.ready.wait();
    const request = await this.gate.run(() => this.buildRequest(item));
    const method = item.kind === 'revert' ? HubProtocol.Methods.Revert : HubProtocol.Methods.Update;
    const tooLarge = checkHubMessage(request, this.options.maxMessageBytes);
    if (tooLarge) {
      this.log('warn', `Update ${request.id} not sent: ${tooLarge.message}`);
      return { success: false, error: tooLarge };
    }

    let transientFailures = 0;
    let unanswered = 0;
    for (let attempt = 1; ; attempt++) {
      await this.ready.wait();
      if (attempt > 1) this.stats.updatesResent++;
      let response: StateUpdateResponse;
      try {
        this.stats.updatesSent++;
        response = await this.invoke<StateUpdateResponse>(method, [request], this.options.updateTimeoutMs);
      } catch (e) {
        if (this.disposed) throw e;
        if (isServerFault(e) && this.connection.state === Connected) throw e;
        // No answer: the server may or may not have applied it. Resending the same id is safe (idempotency).
        unanswered++;
        this.log('info', `Update ${request.id} was not answered (attempt ${attempt}); resending it when connected`, e);
        await sleep(backoffDelay(Math.min(unanswered, 8), this.options.retryBaseDelayMs, this.options.maxRetryDelayMs));
        continue;
      }
      if (isTransient(response.error)) transientFailures++;
      switch (decideUpdate(response, transientFailures, this.options.maxTransientRetries)) {
        case 'confirm':
          await this.confirm(request, response);
          return response;
        case 'refreshThenFail':
          this.log('info', `Update ${request.id} conflicted at version ${request.version} (server at ${response.error?.currentVersion}); refreshing`);
          await this.gate.run(() => this.runSyncStep(() => this.refreshFullCore(), 'refresh after a conflict'));
          return response;
        case 'retryAfterBackoff':
          await sleep(backoffDelay(transientFailures, this.options.retryBaseDelayMs, this.options.maxRetryDelayMs));
          continue;
        default:
          return response;
      }
    }
  }

  private buildRequest(item: PendingUpdate): StateUpdate | RevertRequest {
    const sessionId = this.currentSessionId;
    const state = this.replica.state;
    if (sessionId === null || state === null) throw new Error('The client left the session.');
    const common = { id: newUpdateId(), sessionId, version: formatVersion(this.replica.version), timestamp: Date.now() };
    if (item.kind === 'revert') return { ...common, toVersion: item.toVersion! };
    const built = item.build!(state);
    if (!Array.isArray(built) || built.length === 0) throw new TypeError('An update needs at least one operation.');
    // What travels is JSON: the copy applies exactly what the server receives, and `previous` is the server's to fill.
    const operations = built.map(({ path, operation, value }) =>
      JSON.parse(JSON.stringify(value === undefined ? { path, operation } : { path, operation, value })) as StateOperation);
    item.operations = operations;
    return { ...common, operations, source: 'gm' };
  }

  /** The server accepted the update: the copy gets it exactly once (the broadcast of it is then ignored). */
  private confirm(request: StateUpdate | RevertRequest, response: StateUpdateResponse): Promise<void> {
    const newVersion = requireVersion(response.newVersion, 'newVersion');
    return this.gate.run(async () => {
      if (!('operations' in request)) {
        // A revert's operations are the server's: take its broadcast (or fetch it) unless it already arrived.
        if (this.replica.version < newVersion) await this.runSyncStep(() => this.catchUpCore(), 'catch-up');
        return;
      }
      let outcome;
      try {
        const confirmed = this.replica.confirm(request, newVersion);
        outcome = confirmed.outcome;
        if (confirmed.change) this.publish(confirmed.change);
      } catch (e) {
        if (!(e instanceof ReplicaDivergedError)) throw e;
        this.log('warn', `Session ${this.currentSessionId}: the local copy diverged; refreshing it`, e);
        await this.runSyncStep(() => this.refreshFullCore(), 'refresh');
        return;
      }
      if (outcome === 'needsCatchUp') await this.runSyncStep(() => this.catchUpCore(), 'catch-up');
    });
  }

  private failQueued(reason: Error): void {
    for (const item of this.queue.splice(this.sending ? 1 : 0)) {
      item.withdrawn = true;
      item.reject(reason);
    }
    this.emitQueue();
  }

  private emitQueue(): void {
    this.events.emit('queueChanged', this.queuedUpdates);
  }

  // ---- keeping the copy in sync ---------------------------------------------------------------------------------

  private enqueue(item: Inbound): void {
    this.inbox.push(item);
    void this.pump();
  }

  /** Applies hub events one at a time, in arrival order, under the gate. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inbox.length > 0 && !this.disposed) {
        const item = this.inbox.shift()!;
        try {
          await this.gate.run(() => this.handleInbound(item));
        } catch (e) {
          this.log('warn', `Handling a ${item.kind} event failed`, e);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async handleInbound(item: Inbound): Promise<void> {
    if (item.value.sessionId !== this.currentSessionId) return;
    switch (item.kind) {
      case 'broadcast':
        return this.handleBroadcast(item.value);
      case 'encounter':
        return this.events.emit('encounterStarted', item.value);
      case 'error':
        return this.events.emit('serverError', item.value);
      case 'presence':
        return this.setPresence(item.value.users);
      case 'removed':
        this.error = { code: ErrorCodes.PermissionDenied, message: `This user was removed from the campaign of session '${item.value.sessionId}'.` };
        this.ready.fail(new GameStateError(this.error));
        this.failQueued(new GameStateError(this.error));
        this.setStatus('failed');
        return this.events.emit('removed', item.value);
    }
  }

  /**
   * The player rule, for every connection: the next version is applied, versions already held are ignored, a gap is
   * filled from the server (requestSince, or requestFull when the history is gone) before going on.
   */
  private async handleBroadcast(broadcast: UpdateBroadcast): Promise<void> {
    if (!this.replica.state) return;
    switch (this.replica.classify(broadcast)) {
      case 'ignore':
        this.stats.broadcastsIgnored++;
        return;
      case 'gap':
        this.stats.gapsDetected++;
        this.log('info', `Session ${this.currentSessionId}: broadcast of version ${broadcast.newVersion} with the copy at ${this.replica.version}; catching up`);
        await this.runSyncStep(() => this.catchUpCore(), 'catch-up');
        break;
      default:
        break;
    }
    if (this.replica.classify(broadcast) === 'apply' && !this.applyBroadcasts([broadcast], Infinity)) {
      await this.runSyncStep(() => this.refreshFullCore(), 'refresh');
    }
  }

  /** Applies broadcasts in order up to `upTo`; false when they do not fit the copy (a gap or a divergence). */
  private applyBroadcasts(broadcasts: readonly UpdateBroadcast[], upTo: number): boolean {
    for (const broadcast of broadcasts) {
      if (requireVersion(broadcast.newVersion, 'newVersion') > upTo) break;
      const disposition = this.replica.classify(broadcast);
      if (disposition === 'ignore') continue;
      if (disposition === 'gap') {
        this.log('warn', `Session ${this.currentSessionId}: version ${broadcast.newVersion} does not follow the copy's ${this.replica.version}`);
        return false;
      }
      try {
        const change = this.replica.tryApply(broadcast);
        if (change) {
          this.stats.broadcastsApplied++;
          this.publish(change);
        }
      } catch (e) {
        if (!(e instanceof ReplicaDivergedError)) throw e;
        this.log('warn', `Session ${this.currentSessionId}: the local copy diverged; refreshing it`, e);
        return false;
      }
    }
    return true;
  }

  /** requestSince from the copy's version; requestFull when the history is gone or the updates do not fit. */
  private async catchUpCore(): Promise<void> {
    const sessionId = this.requireSession();
    const since = await this.requestSince(sessionId, this.replica.version);
    if (since.success) {
      if (!this.applyBroadcasts(since.updates ?? [], Infinity)) await this.refreshFullCore();
      return;
    }
    if (since.error?.code === ErrorCodes.HistoryUnavailable) {
      await this.refreshFullCore();
      return;
    }
    throw new GameStateError(since.error ?? unanswered(HubProtocol.Methods.RequestSince));
  }

  /** `gameState:requestFull`: the copy becomes the server's state. */
  private async refreshFullCore(): Promise<void> {
    const sessionId = this.requireSession();
    const full = await this.invoke<FullStateResponse>(HubProtocol.Methods.RequestFull, [sessionId], this.options.requestTimeoutMs);
    this.stats.requestFullCalls++;
    if (!full.success || !full.gameState) throw new GameStateError(full.error ?? unanswered(HubProtocol.Methods.RequestFull));
    this.adopt(full.gameState);
  }

  private async requestSince(sessionId: string, version: number): Promise<UpdatesSinceResponse> {
    const since = await this.invoke<UpdatesSinceResponse>(
      HubProtocol.Methods.RequestSince, [sessionId, formatVersion(version)], this.options.requestTimeoutMs);
    this.stats.requestSinceCalls++;
    if (since.error?.code === ErrorCodes.HistoryUnavailable) this.stats.historyUnavailable++;
    return since;
  }

  private adopt(state: GameState): void {
    this.stats.fullStatesAdopted++;
    this.publish(this.replica.replace(state, 'replaced'));
  }

  /**
   * Joins on the current connection and brings the copy to (at least) the join's version; returns the server's
   * error when it refused. With a copy already held (from before a reconnection, or from the store), only the
   * missing updates are fetched and checked against the join's state; otherwise the join's state is taken.
   */
  private async joinCore(sessionId: string): Promise<ErrorInfo | null> {
    const response = await this.invoke<JoinResponse>(HubProtocol.Methods.Join, [sessionId], this.options.requestTimeoutMs);
    if (!response.success || !response.gameState) return response.error ?? unanswered(HubProtocol.Methods.Join);
    this.stats.joins++;
    this.gm = response.isGM === true;
    if (response.presence) this.setPresence(response.presence);
    const joined = response.gameState;
    const joinedVersion = requireVersion(joined.stateVersion, 'stateVersion');
    if (!this.replica.state || this.replica.version > joinedVersion) {
      this.adopt(joined);
      return null;
    }
    const local = this.replica.version;
    if (local === joinedVersion) return null;
    const since = await this.requestSince(sessionId, local);
    if (!since.success) {
      this.log('info', `Session ${sessionId}: updates after ${local} unavailable (${since.error?.code}); taking the joined state`);
      this.adopt(joined);
      return null;
    }
    const updates = since.updates ?? [];
    if (!this.applyBroadcasts(updates, joinedVersion) || this.replica.version !== joinedVersion || !this.replica.sameContentAs(joined)) {
      this.log('warn', `Session ${sessionId}: the copy from version ${local} did not replay to the joined state; taking the joined state`);
      this.adopt(joined);
    }
    // Updates accepted after the join's state; the same ones also arrive as broadcasts and are ignored then.
    this.applyBroadcasts(updates, Infinity);
    return null;
  }

  /** Runs a sync step (under the gate already), retrying a few times while connected; gives up quietly otherwise. */
  private async runSyncStep(step: () => Promise<void>, what: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await step();
        return;
      } catch (e) {
        if (this.disposed || !isRetryable(e)) throw e;
        if (this.connection.state !== Connected || attempt >= SyncAttempts) {
          // Rejoining after the reconnection, or the next broadcast's gap, brings the copy up to date.
          this.log('warn', `Session ${this.currentSessionId}: ${what} failed; will sync again on the next broadcast or reconnection`, e);
          return;
        }
        await sleep(backoffDelay(attempt, this.options.retryBaseDelayMs, this.options.maxRetryDelayMs));
      }
    }
  }

  // ---- the connection -------------------------------------------------------------------------------------------

  private async invoke<T>(method: string, args: unknown[], timeoutMs: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`${method} was not answered within ${timeoutMs} ms.`)), timeoutMs);
    });
    try {
      return await Promise.race([this.connection.invoke<T>(method, ...args), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async startConnection(restarting: boolean): Promise<void> {
    let waited = 0;
    while (this.connection.state !== Connected) {
      if (this.connection.state === Disconnected) {
        if (!restarting) this.setStatus('connecting');
        await this.connection.start();
        this.wantConnected = true;
        return;
      }
      // Connecting or reconnecting already: wait for it (bounded).
      if (waited > this.options.requestTimeoutMs) throw new TimeoutError(`The connection to ${this.hubUrl} was not re-established in time.`);
      await sleep(50);
      waited += 50;
    }
    this.wantConnected = true;
  }

  private onReconnecting(error?: Error): void {
    this.ready.reset();
    this.setStatus('reconnecting');
    this.log('info', `Connection to ${this.hubUrl} lost; reconnecting`, error);
  }

  private onReconnected(): void {
    this.stats.reconnects++;
    void this.resync();
  }

  private onClose(error?: Error): void {
    this.ready.reset();
    if (this.disposed || !this.wantConnected) {
      this.setStatus('disconnected');
      return;
    }
    // SignalR's own reconnection ended (e.g. the server closed the connection outright): never give up.
    this.log('info', `Connection to ${this.hubUrl} closed; restarting it`, error);
    void this.restart(error);
  }

  /** `closeError` is why the connection ended: after a flood close the first attempt waits out the cool-off. */
  private async restart(closeError?: Error): Promise<void> {
    if (this.restarting) return;
    this.restarting = true;
    try {
      this.setStatus('reconnecting');
      for (let attempt = 0; !this.disposed; attempt++) {
        const backoff = this.retryPolicy.delay(attempt);
        await sleep(attempt === 0 ? floodReconnectDelay(closeError, backoff, this.options.floodCoolOffMs) : backoff);
        if (this.disposed) return;
        try {
          await this.startConnection(true);
          break;
        } catch (e) {
          this.log('debug', `Reconnection attempt ${attempt + 1} to ${this.hubUrl} failed`, e);
        }
      }
      this.stats.reconnects++;
    } finally {
      this.restarting = false;
    }
    await this.resync();
  }

  /** After a reconnection: rejoin (a new connection is joined to nothing) and catch up, retrying until it works. */
  private resync(): Promise<void> {
    return this.gate.run(async () => {
      for (let attempt = 1; !this.disposed; attempt++) {
        const sessionId = this.currentSessionId;
        if (sessionId === null) {
          this.setStatus('connected');
          return;
        }
        if (this.connection.state !== Connected) return; // lost again: the next reconnection resyncs
        if (this.currentStatus === 'failed' && this.error?.code === ErrorCodes.PermissionDenied) return;
        this.setStatus('joining');
        let error: ErrorInfo | null;
        try {
          error = await this.joinCore(sessionId);
        } catch (e) {
          this.log('warn', `Rejoining session ${sessionId} failed (attempt ${attempt})`, e);
          await sleep(backoffDelay(attempt, this.options.retryBaseDelayMs, this.options.maxRetryDelayMs));
          continue;
        }
        if (error === null) {
          this.ready.resolve();
          this.setStatus('synced');
          return;
        }
        if (isPermanentJoinError(error)) {
          this.log('error', `Rejoining session ${sessionId} was refused: ${error.code} ${error.message}`);
          this.error = error;
          this.ready.fail(new GameStateError(error));
          this.failQueued(new GameStateError(error));
          this.setStatus('failed');
          return;
        }
        await sleep(backoffDelay(attempt, this.options.retryBaseDelayMs, this.options.maxRetryDelayMs));
      }
    });
  }

  // ---- persistence ----------------------------------------------------------------------------------------------

  /** Starts the copy from the store, if it holds one for the session (the server then only sends what it lacks). */
  private async loadStored(sessionId: string): Promise<void> {
    let stored: string | null;
    try {
      stored = await this.options.store!.load(sessionId);
    } catch (e) {
      this.log('warn', `Could not read the stored state of session ${sessionId}; starting without it`, e);
      return;
    }
    if (stored === null) return;
    try {
      this.publish(this.replica.replace(JSON.parse(stored) as GameState, 'loaded'), false);
    } catch (e) {
      this.log('warn', `The stored state of session ${sessionId} is not a valid state; ignoring it`, e);
    }
  }

  private markDirty(): void {
    if (!this.options.store) return;
    this.dirty = true;
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.currentSessionId !== null) void this.saveNow(this.currentSessionId);
    }, this.options.saveDelayMs);
  }

  private async saveNow(sessionId: string): Promise<void> {
    const store = this.options.store;
    if (!store || !this.dirty) return;
    const snapshot = this.replica.snapshot();
    if (!snapshot) return;
    this.dirty = false;
    try {
      await store.save(sessionId, snapshot.version, snapshot.json);
    } catch (e) {
      this.dirty = true;
      this.log('warn', `Could not store the state of session ${sessionId}`, e);
    }
  }

  // ---- small things ---------------------------------------------------------------------------------------------

  /** Raises a change of the local copy (under the gate, so in version order) and schedules saving it. */
  private publish(change: GameStateChange, dirty = true): void {
    if (dirty) this.markDirty();
    this.events.emit('stateChanged', change);
  }

  private setStatus(status: GameSessionStatus): void {
    if (this.currentStatus === status) return;
    this.currentStatus = status;
    this.events.emit('statusChanged', status);
  }

  private setPresence(users: PresenceUser[]): void {
    this.users = users;
    this.events.emit('presence', users);
  }

  private requireSession(): string {
    if (this.currentSessionId === null) throw new Error('Not joined.');
    return this.currentSessionId;
  }

  private throwIfDisposed(): void {
    if (this.disposed) throw new Error('The client was disposed.');
  }

  private log(level: LogLevel, message: string, error?: unknown): void {
    this.options.logger?.(level, message, error);
  }
}

/** A server-side failure of an invocation (HubException), as opposed to a lost connection. */
function isServerFault(e: unknown): boolean {
  return e instanceof Error && !(e instanceof TimeoutError) && /error on the server|error occurred invoking/i.test(e.message);
}

/** Contract refusals other than the transient ones are not retried by sync steps. */
function isRetryable(e: unknown): boolean {
  return !(e instanceof GameStateError) || isTransient(e.error);
}

function unanswered(method: string): ErrorInfo {
  return { code: ErrorCodes.TransactionFailed, message: `${method} failed without an error.` };
}

function newUpdateId(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `u-${random.replace(/-/g, '')}`;
}
