using Orleans.GameState.Contract;

namespace Orleans.GameState.Client;

/// <summary>The server refused a call with one of the contract's errors (<see cref="ErrorCodes"/>).</summary>
public sealed class GameStateException : Exception
{
    public GameStateException(ErrorInfo error)
        : base($"{error.Code}: {error.Message}")
    {
        Error = error;
    }

    public GameStateException(ErrorInfo error, Exception innerException)
        : base($"{error.Code}: {error.Message}", innerException)
    {
        Error = error;
    }

    /// <summary>The error as the server sent it.</summary>
    public ErrorInfo Error { get; }

    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    public string Code => Error.Code;
}

/// <summary>Helpers on the contract's response types.</summary>
public static class StateUpdateResponseExtensions
{
    /// <summary>Returns the response when it succeeded; otherwise throws <see cref="GameStateException"/> with its error.</summary>
    public static StateUpdateResponse EnsureSuccess(this StateUpdateResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Success)
        {
            return response;
        }

        throw new GameStateException(response.Error ?? new ErrorInfo(ErrorCodes.TransactionFailed, "The update failed without an error."));
    }
}
