import { ErrorCodes } from './contract.js';

/**
 * The error code of a REST refusal that came without the contract's error body (a proxy's answer, or a body lost on
 * the way): the code the gateway answers with that status (README "Errors and inputs", docs/api.md section 3).
 * Other 5xx are taken as the cluster failing (try again); other 4xx as bad input.
 */
export function errorCodeOfStatus(status: number): string {
  switch (status) {
    case 401:
    case 403:
      return ErrorCodes.PermissionDenied;
    case 404:
      return ErrorCodes.NotFound;
    case 410:
      return ErrorCodes.HistoryUnavailable;
    case 429:
      return ErrorCodes.RateLimited;
    case 500:
      return ErrorCodes.InternalError;
    default:
      return status >= 500 ? ErrorCodes.TransactionFailed : ErrorCodes.ValidationError;
  }
}
