import { GameStateRestClient } from '@orleans-gamestate/client'
import { useAuthStore } from '../auth'

let api: GameStateRestClient | null = null

/** The package's REST client on the page's own origin, carrying the signed-in user's token. */
export function useApi(): GameStateRestClient {
  const auth = useAuthStore()
  api ??= new GameStateRestClient({ url: location.origin, accessToken: () => auth.token ?? '' })
  return api
}
