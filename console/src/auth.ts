import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

const storageKey = 'gamestate-console-token'

/** The user id (`sub`) a JWT names, read without verifying it (the gateway verifies every call). */
export function subjectOf(token: string): string | null {
  const payload = token.split('.')[1]
  if (!payload) return null
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'))
    const sub = (JSON.parse(json) as { sub?: unknown }).sub
    return typeof sub === 'string' && sub.length > 0 ? sub : null
  } catch {
    return null
  }
}

/** Who is signed in: the bearer token every REST call and the hub carry, kept for this browser tab only. */
export const useAuthStore = defineStore('console-auth', () => {
  const token = ref<string | null>(sessionStorage.getItem(storageKey))
  const userId = computed(() => (token.value ? subjectOf(token.value) : null))

  function signIn(jwt: string): void {
    if (!subjectOf(jwt)) throw new Error('This is not a JWT with a "sub" (user id).')
    token.value = jwt
    sessionStorage.setItem(storageKey, jwt)
  }

  function signOut(): void {
    token.value = null
    sessionStorage.removeItem(storageKey)
  }

  return { token, userId, signIn, signOut }
})
