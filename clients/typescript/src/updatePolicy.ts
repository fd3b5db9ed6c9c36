import { ErrorCodes, type ErrorInfo, type StateUpdateResponse } from './contract.js';

/** What the GM queue does with the answer to one send of an update. */
export type UpdateAction =
  /** Accepted: make the local copy have it, then report success. */
  | 'confirm'
  /** VERSION_CONFLICT: refresh the state (requestFull), then report the failure; no blind retry. */
  | 'refreshThenFail'
  /** TRANSACTION_FAILED or RATE_LIMITED within the retry budget: resend the same id after a backoff. */
  | 'retryAfterBackoff'
  /** Any other error, or the retry budget is spent: report the failure. */
  | 'fail';

/**
 * The GM queue's decision table (the .NET SDK's UpdatePolicy). `transientFailures` counts TRANSACTION_FAILED and
 * RATE_LIMITED answers so far for this update, this one included.
 */
export function decideUpdate(response: StateUpdateResponse, transientFailures: number, maxTransientRetries: number): UpdateAction {
  if (response.success) return 'confirm';
  switch (response.error?.code) {
    case ErrorCodes.VersionConflict:
      return 'refreshThenFail';
    case ErrorCodes.TransactionFailed:
    case ErrorCodes.RateLimited:
      return transientFailures <= maxTransientRetries ? 'retryAfterBackoff' : 'fail';
    default:
      return 'fail';
  }
}

/** Whether an answer is one of the transient errors that a resend may cure. */
export function isTransient(error: ErrorInfo | undefined): boolean {
  return error?.code === ErrorCodes.TransactionFailed || error?.code === ErrorCodes.RateLimited;
}

/** Errors after which rejoining again is pointless. */
export function isPermanentJoinError(error: ErrorInfo): boolean {
  return (
    error.code === ErrorCodes.PermissionDenied ||
    error.code === ErrorCodes.SessionNotFound ||
    error.code === ErrorCodes.ValidationError
  );
}
