import { GatewayApi } from './gatewayApi'
import { useAuthStore } from '../auth'

let api: GatewayApi | null = null

/** The REST client, carrying the signed-in user's token. */
export function useApi(): GatewayApi {
  const auth = useAuthStore()
  api ??= new GatewayApi(() => auth.token)
  return api
}
