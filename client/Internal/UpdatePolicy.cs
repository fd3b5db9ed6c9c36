using Orleans.GameState.Contract;

namespace Orleans.GameState.Client.Internal;

/// <summary>What the GM queue does with the answer to one send of an update.</summary>
internal enum UpdateAction
{
    /// <summary>Accepted: make the local copy have it, then report success.</summary>
    Confirm,

    /// <summary>VERSION_CONFLICT: refresh the state (requestFull), then report the failure; no blind retry.</summary>
    RefreshThenFail,

    /// <summary>TRANSACTION_FAILED or RATE_LIMITED within the retry budget: resend the same id after a backoff.</summary>
    RetryAfterBackoff,

    /// <summary>Any other error, or the retry budget is spent: report the failure.</summary>
    Fail,
}

/// <summary>The GM queue's decision table, kept pure so it can be tested on its own.</summary>
internal static class UpdatePolicy
{
    /// <param name="response">The server's answer.</param>
    /// <param name="transientFailures">TRANSACTION_FAILED/RATE_LIMITED answers so far for this update, this one included.</param>
    /// <param name="maxTransientRetries">How many resends such answers may cause.</param>
    public static UpdateAction Decide(StateUpdateResponse response, int transientFailures, int maxTransientRetries)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Success)
        {
            return UpdateAction.Confirm;
        }

        return response.Error?.Code switch
        {
            ErrorCodes.VersionConflict => UpdateAction.RefreshThenFail,
            ErrorCodes.TransactionFailed or ErrorCodes.RateLimited when transientFailures <= maxTransientRetries => UpdateAction.RetryAfterBackoff,
            _ => UpdateAction.Fail,
        };
    }

    /// <summary>Errors after which rejoining again is pointless.</summary>
    public static bool IsPermanentJoinError(ErrorInfo error) =>
        error.Code is ErrorCodes.PermissionDenied or ErrorCodes.SessionNotFound or ErrorCodes.ValidationError;
}
