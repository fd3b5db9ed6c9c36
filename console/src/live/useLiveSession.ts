import { computed, onBeforeUnmount, ref, type Ref } from 'vue'
import { storeToRefs } from 'pinia'
import { MemoryStateStore, type GameState, type PresenceUser, type StateOperation, type StateUpdateResponse } from '@orleans-gamestate/client'
import { useGameStateStore } from '@orleans-gamestate/client/pinia'
import { useAuthStore } from '../auth'
import type { ComposedOperation } from '../tree/treeContext'

/** What the session page reads and does; the one place the console meets the TypeScript package's store. */
export interface LiveSession {
  state: Ref<GameState | null>
  version: Ref<string | null>
  isGM: Ref<boolean>
  status: Ref<string>
  presence: Ref<readonly PresenceUser[]>
  error: Ref<string | null>
  ended: Ref<boolean>
  removed: Ref<boolean>
  start(): Promise<void>
  /** Sends one update; null when accepted, else the error to show. */
  send(operations: ComposedOperation[]): Promise<string | null>
  /** Reverts to a version (`gameState:revert`); null when accepted, else the error to show. */
  revert(toVersion: string): Promise<string | null>
}

/**
 * Joins the session through the package's Pinia store (`useGameStateStore`): its GameSessionClient keeps the copy in
 * sync and applies each update in place, so the tree repaints only what changed. The copy is kept in memory only:
 * a stored copy in localStorage would outlive a sign-out and be shared by every user of the browser.
 */
export function useLiveSession(sessionId: string): LiveSession {
  const auth = useAuthStore()
  const store = useGameStateStore()
  const { gameState, isGM, status, presence, error, version } = storeToRefs(store)
  const ended = ref(false)
  const removed = computed(() => status.value === 'failed' && (store.getClient()?.lastError?.code === 'PERMISSION_DENIED'))

  async function start(): Promise<void> {
    try {
      await store.join(sessionId, { url: location.origin, accessToken: () => auth.token ?? '', store: new MemoryStateStore() })
    } catch {
      // The store keeps the message in `error`, which the page shows.
    }
  }

  function outcome(response: StateUpdateResponse): string | null {
    if (response.success) return null
    if (response.error?.code === 'SESSION_ENDED') ended.value = true
    return `${response.error?.code}: ${response.error?.message}`
  }

  async function send(operations: ComposedOperation[]): Promise<string | null> {
    try { return outcome(await store.updateGameState(operations as StateOperation[])) } catch (e) { return (e as Error).message }
  }

  async function revert(toVersion: string): Promise<string | null> {
    try { return outcome(await store.revert(toVersion)) } catch (e) { return (e as Error).message }
  }

  onBeforeUnmount(() => { void store.leave() })
  return { state: gameState, version, isGM, status, presence, error, ended, removed, start, send, revert }
}
