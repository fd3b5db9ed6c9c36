import type { ErrorInfo, StateUpdateResponse } from './contract.js';

/**
 * A refusal with one of the contract's error codes: from the server (hub answers, REST error bodies) or from this
 * package when it refuses before sending (VALIDATION_ERROR). `status` is the HTTP status for REST calls.
 */
export class GameStateError extends Error {
  readonly code: string;
  readonly currentVersion: string | undefined;
  readonly status: number | undefined;

  constructor(error: ErrorInfo, status?: number) {
    super(`${error.code}: ${error.message}`);
    this.name = 'GameStateError';
    this.code = error.code;
    this.currentVersion = error.currentVersion;
    this.status = status;
  }

  /** The error as the contract shapes it. */
  get error(): ErrorInfo {
    const message = this.message.slice(this.code.length + 2);
    return this.currentVersion === undefined ? { code: this.code, message } : { code: this.code, message, currentVersion: this.currentVersion };
  }
}

/** Returns the response when it succeeded; otherwise throws a GameStateError with its error. */
export function ensureSuccess(response: StateUpdateResponse): StateUpdateResponse {
  if (response.success) return response;
  throw new GameStateError(response.error ?? { code: 'TRANSACTION_FAILED', message: 'The update failed without an error.' });
}
