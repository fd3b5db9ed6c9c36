import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, type Ref } from 'vue';
import type { Entity, GameState, PresenceUser, StateOperation, StateUpdateResponse } from '../contract.js';
import type { GameSessionClientOptions } from '../clientOptions.js';
import { GameSessionClient, type GameSessionStatus, type OperationsBuilder, type QueuedUpdate } from '../gameSessionClient.js';
import { LocalStorageStateStore } from '../stateStore.js';

/** How the store connects: the client's options without `wrapState` (the store supplies it). */
export type GameStateConnection = Omit<GameSessionClientOptions, 'wrapState'>;

/**
 * The seed plan's unified game state store, on a GameSessionClient. `gameState` is the server-controlled state: a
 * broadcast changes only the parts it touches, in place (the client applies each update's operations to this
 * reactive object), so a component showing `characters[0].hp` re-renders when that value changes and nothing is
 * replaced wholesale. The rest is client-only state.
 */
export const useGameStateStore = defineStore('gameState', () => {
  // === server-controlled state ===
  // Typed without Vue's deep unwrapping (the JSON types are recursive); the value is still deeply reactive.
  const gameState = ref(null) as Ref<GameState | null>;

  // === client-only state ===
  const sessionId = ref<string | null>(null);
  const isGM = ref(false);
  const selectedCharacter = ref(null) as Ref<Entity | null>;
  const loading = ref(false);
  const error = ref<string | null>(null);
  const isUpdating = ref(false);
  const updateQueue = shallowRef<readonly QueuedUpdate[]>([]);
  const status = ref<GameSessionStatus>('disconnected');
  const presence = shallowRef<readonly PresenceUser[]>([]);
  let client: GameSessionClient | null = null;
  let connection: GameStateConnection | null = null;

  const version = computed(() => gameState.value?.stateVersion ?? null);

  /** Sets how to reach the gateway (join takes it too). A store defaults to localStorage for its copy when there is one. */
  function configure(options: GameStateConnection): void {
    connection = options;
  }

  function createClient(options: GameStateConnection): GameSessionClient {
    const store = options.store ?? (typeof globalThis.localStorage !== 'undefined' ? new LocalStorageStateStore() : undefined);
    const created = new GameSessionClient({
      ...options,
      store,
      // The client keeps and changes the reactive object the store holds: updates land where they touch.
      wrapState: (state) => {
        gameState.value = state;
        return gameState.value as GameState;
      },
    });
    created.on('statusChanged', (value) => (status.value = value));
    created.on('presence', (users) => (presence.value = [...users]));
    created.on('queueChanged', (queue) => {
      updateQueue.value = queue.filter((q) => !q.inFlight);
      isUpdating.value = queue.some((q) => q.inFlight);
    });
    created.on('removed', () => (error.value = created.lastError?.message ?? 'Removed from the campaign.'));
    created.on('statusChanged', (value) => {
      if (value === 'failed') error.value = created.lastError?.message ?? 'The session was lost.';
    });
    return markRaw(created);
  }

  /** Joins a session (connecting with `options`, or what `configure` set). Throws GameStateError when refused. */
  async function join(id: string, options?: GameStateConnection): Promise<void> {
    if (options) connection = options;
    if (!connection) throw new Error('useGameStateStore: call configure({ url, accessToken }) or pass options to join.');
    if (client && sessionId.value !== null && sessionId.value !== id) await leave();
    client ??= createClient(connection);
    loading.value = true;
    error.value = null;
    sessionId.value = id;
    try {
      await client.join(id);
      isGM.value = client.isGM;
    } catch (e) {
      sessionId.value = null;
      gameState.value = null;
      error.value = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      loading.value = false;
    }
  }

  /** Leaves the session and closes the connection; the state is dropped (and saved to the store first). */
  async function leave(): Promise<void> {
    const current = client;
    client = null;
    if (current) {
      await current.leave().catch(() => undefined);
      await current.dispose();
    }
    sessionId.value = null;
    isGM.value = false;
    gameState.value = null;
    selectedCharacter.value = null;
    presence.value = [];
    updateQueue.value = [];
    isUpdating.value = false;
    status.value = 'disconnected';
  }

  function requireClient(): GameSessionClient {
    if (!client || sessionId.value === null) throw new Error('Join a session before updating it.');
    return client;
  }

  /**
   * GM: queues an update (sent one at a time, in call order; applied here only after the server accepted it).
   * Resolves with the server's answer; a failure also sets `error`.
   */
  async function updateGameState(operations: StateOperation[] | OperationsBuilder): Promise<StateUpdateResponse> {
    const response = await requireClient().update(operations);
    error.value = response.success ? null : `${response.error?.code}: ${response.error?.message}`;
    return response;
  }

  /** GM: reverts the session to the state of `toVersion` (one new update). */
  async function revert(toVersion: string | number): Promise<StateUpdateResponse> {
    const response = await requireClient().revert(toVersion);
    error.value = response.success ? null : `${response.error?.code}: ${response.error?.message}`;
    return response;
  }

  /** The client underneath (statistics, events), or null. */
  function getClient(): GameSessionClient | null {
    return client;
  }

  return {
    gameState, sessionId, isGM, selectedCharacter, loading, error, isUpdating, updateQueue, status, presence, version,
    configure, join, leave, updateGameState, revert, getClient,
  };
});
