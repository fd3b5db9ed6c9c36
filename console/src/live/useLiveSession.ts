// INTERIM: the live session over the hub, standing in for the TypeScript package (clients/typescript) until it lands;
// it re-reads the full state on every broadcast instead of applying operations. To be replaced by the package's
// GameSessionClient and Pinia store.
import { onBeforeUnmount, ref, shallowRef } from 'vue'
import * as signalR from '@microsoft/signalr'
import { useAuthStore } from '../auth'
import type { ComposedOperation } from '../tree/treeContext'

export function useLiveSession(sessionId: string) {
  const auth = useAuthStore()
  const state = shallowRef<Record<string, unknown> | null>(null)
  const version = ref<string | null>(null)
  const isGM = ref(false)
  const status = ref('connecting')
  const presence = ref<{ userId: string; isGM: boolean }[]>([])
  const error = ref('')
  const ended = ref(false)
  const removed = ref(false)
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/game', { accessTokenFactory: () => auth.token ?? '' })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: () => 1000 })
    .build()

  async function full() {
    const r = await connection.invoke('gameState:requestFull', sessionId)
    if (r.success) { state.value = r.gameState; version.value = r.gameState.stateVersion }
  }
  connection.on('gameState:updated', () => { void full() })
  connection.on('gameSession:presence', (e: { users: { userId: string; isGM: boolean }[] }) => { presence.value = e.users })
  connection.on('gameSession:removed', () => { removed.value = true })
  connection.onreconnecting(() => { status.value = 'reconnecting' })
  connection.onreconnected(async () => { await join(); status.value = 'synced' })

  async function join() {
    const r = await connection.invoke('gameSession:join', sessionId)
    if (!r.success) { error.value = `${r.error.code}: ${r.error.message}`; return }
    isGM.value = r.isGM
    state.value = r.gameState
    version.value = r.gameState.stateVersion
    presence.value = r.presence ?? []
  }

  async function start() {
    await connection.start()
    await join()
    status.value = 'synced'
  }

  async function send(operations: ComposedOperation[]): Promise<string | null> {
    const r = await connection.invoke('gameState:update', { id: crypto.randomUUID(), sessionId, version: version.value, operations, timestamp: Date.now(), source: 'gm' })
    if (!r.success) {
      if (r.error.code === 'SESSION_ENDED') ended.value = true
      return `${r.error.code}: ${r.error.message}`
    }
    await full()
    return null
  }

  async function revert(toVersion: string): Promise<string | null> {
    const r = await connection.invoke('gameState:revert', { id: crypto.randomUUID(), sessionId, version: version.value, toVersion, timestamp: Date.now() })
    if (!r.success) return `${r.error.code}: ${r.error.message}`
    await full()
    return null
  }

  onBeforeUnmount(() => { void connection.stop() })
  return { state, version, isGM, status, presence, error, ended, removed, start, send, revert }
}
