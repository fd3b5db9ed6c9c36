import type { ApiErrorBody } from './types'

/** A REST call the gateway refused: its HTTP status and the contract's `{code, message}`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(`${code}: ${message}`)
  }

  static async from(response: Response): Promise<ApiError> {
    let body: { error?: ApiErrorBody } | null = null
    try { body = await response.json() as { error?: ApiErrorBody } } catch { /* no JSON body */ }
    const code = body?.error?.code ?? `HTTP_${response.status}`
    return new ApiError(response.status, code, body?.error?.message ?? response.statusText)
  }
}
