using Microsoft.AspNetCore.SignalR.Protocol;

namespace Orleans.GameState.Gateway.Relay;

/// <summary>Closing a connection with a reason the client can read (a SignalR close message carrying an error).</summary>
public sealed partial class ConnectionOutbox
{
    private static readonly TimeSpan CloseMessageTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Drops what is queued, sends a close message with <paramref name="reason"/> as its error (SignalR clients surface
    /// it as the close's exception), then aborts the connection. A socket that does not take the message within a
    /// second is aborted all the same.
    /// </summary>
    public void CloseWithError(string reason)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _queued.Clear();
            _queuedBytes = 0;
        }

        _ = SendCloseAndAbortAsync(reason);
    }

    private async Task SendCloseAndAbortAsync(string reason)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionAborted);
            timeout.CancelAfter(CloseMessageTimeout);
            await connection.WriteAsync(new CloseMessage(reason, allowReconnect: false), timeout.Token);
        }
        catch (Exception)
        {
            // The socket is stalled or gone; the abort below ends it either way.
        }
        finally
        {
            connection.Abort();
        }
    }
}
